"""Each of our own generic dbt tests (dbt_project/tests/generic) fails on bad data and passes on
good data.

dbt `unit_tests:` cannot exercise generic tests, and a scratch `dbt test` per case would take
minutes; so the test's SQL is rendered the way dbt renders it -- `{% test name(...) %}` is
dbt's spelling of the macro `test_name` -- with plain Jinja (`ref()` -> a table name), and run
against DuckDB tables holding the good or the bad rows. dbt counts a test's result rows:
0 rows = pass, any row = fail; so does `_failures` below. Every generic test in the folder
must have cases here (`test_every_generic_test_has_bad_and_good_cases`).
"""
from __future__ import annotations

import json
import re

import duckdb
import jinja2
import pytest

from tradewh.settings import DBT_PROJECT_DIR

GENERIC = DBT_PROJECT_DIR / "tests" / "generic"


def _macros() -> dict[str, jinja2.runtime.Macro]:
    out = {}
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals["ref"] = lambda name: name            # a ref is a table of the scratch database
    for path in sorted(GENERIC.glob("*.sql")):
        text = re.sub(r"{%-?\s*test\s+(\w+)\s*\(", r"{% macro test_\1(", path.read_text())
        text = re.sub(r"{%-?\s*endtest\s*-?%}", "{% endmacro %}", text)
        module = env.from_string(text).module
        out.update({name[len("test_"):]: getattr(module, name)
                    for name in dir(module) if name.startswith("test_")})
    return out


MACROS = _macros()


def _failures(tables: dict[str, str], test: str, **kwargs) -> int:
    """Rows the rendered test returns on a fresh database with `tables` (name -> select)."""
    con = duckdb.connect()
    for name, select in tables.items():
        con.execute(f"create table {name} as {select}")
    sql = str(MACROS[test](model="m", **kwargs))
    return con.execute(f"select count(*) from ({sql}) dbt_internal_test").fetchone()[0]


def _rows(cols: str, *rows: str) -> str:
    return f"select * from (values {', '.join(rows)}) t({cols})"


# (test, kwargs, good tables, bad tables, what is wrong in the bad ones)
CASES = [
    ("code_format", {"column_name": "hs6", "pattern": "[0-9]{6}"},
     {"m": _rows("hs6", "('010121')", "(null)")},
     {"m": _rows("hs6", "('010121')", "('10121')")}, "a lost leading zero"),
    ("code_format", {"column_name": "hs6", "pattern": "[0-9]{6}"},
     {"m": _rows("hs6", "('847130')")},
     {"m": _rows("hs6", "('8471300')")}, "a 7-digit code (full match, not a prefix)"),
    ("expression_is_true", {"expression": "share between 0 and 1"},
     {"m": _rows("share", "(0.0)", "(1.0)")},
     {"m": _rows("share", "(0.5)", "(1.5)")}, "a share above 1"),
    ("expression_is_true", {"expression": "share between 0 and 1", "where": "not excluded"},
     {"m": _rows("share, excluded", "(0.5, false)", "(7.0, true)")},
     {"m": _rows("share, excluded", "(0.5, false)", "(7.0, false)")}, "a bad row inside `where`"),
    ("group_sum_equals", {"column_name": "w", "group_by": ["g"]},
     {"m": _rows("g, w", "(1, 0.25)", "(1, 0.75)", "(2, 1.0)")},
     {"m": _rows("g, w", "(1, 0.25)", "(1, 0.75)", "(2, 1.1)")}, "weights of group 2 summing to 1.1"),
    ("group_sum_equals", {"column_name": "w", "where": "keep"},
     {"m": _rows("w, keep", "(0.4, true)", "(0.6, true)", "(5.0, false)")},
     {"m": _rows("w, keep", "(0.4, true)", "(0.5, true)", "(5.0, false)")}, "the kept rows summing to 0.9"),
    ("group_sum_equals", {"column_name": "w", "tolerance": 1e-3},
     {"m": _rows("w", "(0.5)", "(0.5005)")},
     {"m": _rows("w", "(0.5)", "(0.502)")}, "a sum off by more than the tolerance"),
    ("not_empty", {},
     {"m": _rows("x", "(1)")},
     {"m": "select 1 as x where false"}, "an empty model"),
    ("reconciles_with_inventory", {"source_name": "baci_flows", "rejects_model": "rej"},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 3)",
                                           "('other', 'b.csv', 9)"),
      "m": _rows("source_file", "('a.csv')", "('a.csv')"), "rej": _rows("source_file", "('a.csv')")},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 3)"),
      "m": _rows("source_file", "('a.csv')"), "rej": _rows("source_file", "('a.csv')")}, "a record lost"),
    ("reconciles_with_inventory", {"source_name": "baci_flows", "rejects_model": "rej"},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 1)"),
      "m": _rows("source_file", "('a.csv')"), "rej": "select 'x' as source_file where false"},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 1)"),
      "m": _rows("source_file", "('a.csv')", "('ghost.csv')"), "rej": "select 'x' as source_file where false"},
     "staged rows of a file the inventory does not know"),
    ("reconciles_with_inventory", {"source_name": "baci_flows", "rejects_model": "rej"},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 2)"),
      "m": _rows("source_file", "('a.csv')"), "rej": _rows("source_file", "('a.csv')")},
     {"stg_landing__file_inventory": _rows("source, source_file, n_records", "('baci_flows', 'a.csv', 2)"),
      "m": _rows("source_file", "('a.csv')", "('a.csv')"), "rej": _rows("source_file", "('a.csv')")},
     "a record both staged and rejected"),
    ("unique_combination", {"columns": ["importer", "year"]},
     {"m": _rows("importer, year", "('USA', 2015)", "('USA', 2016)", "('DEU', 2015)")},
     {"m": _rows("importer, year", "('USA', 2015)", "('USA', 2016)", "('USA', 2015)")}, "a duplicate key"),
    ("unique_combination", {"columns": ["importer", "year"]},
     {"m": _rows("importer, year", "('USA', 2015)", "(null, 2015)")},
     {"m": _rows("importer, year", "('USA', 2015)", "(null, 2015)", "(null, 2015)")},
     "a NULL key twice (one NULL key passes: hence not_null on every key column)"),
]


@pytest.mark.parametrize("test, kwargs, good, bad, what", CASES, ids=[f"{c[0]}: {c[4]}" for c in CASES])
def test_generic_test_fails_on_bad_data_and_passes_on_good(test, kwargs, good, bad, what):
    assert _failures(good, test, **kwargs) == 0, f"{test} fails on good data"
    assert _failures(bad, test, **kwargs) > 0, f"{test} lets {what} through"


def test_every_generic_test_has_bad_and_good_cases():
    defined = set(MACROS)
    assert defined == {p.stem for p in GENERIC.glob("*.sql")}, "one generic test per file, named as the file"
    assert defined <= {c[0] for c in CASES}, f"no bad-data case for {sorted(defined - {c[0] for c in CASES})}"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    from orchestration.run_job import ensure_manifest
    from tradewh.settings import dbt_target_dir, resolve_paths

    base = tmp_path_factory.mktemp("parse")
    ensure_manifest(resolve_paths(raw_dir=base, warehouse=base / "w.duckdb", output=base / "out"))
    return json.loads((dbt_target_dir() / "manifest.json").read_text())


def test_the_macros_rendered_here_are_the_ones_dbt_runs(manifest):
    """dbt parses `{% test x(...) %}` into the macro `test_x`: the same names and bodies as here."""
    ours = {f"macro.tradewh.test_{name}" for name in MACROS}
    theirs = {k for k, m in manifest["macros"].items()
              if m["package_name"] == "tradewh" and m["original_file_path"].startswith("tests/generic/")}
    assert ours == theirs
    for key in ours:
        m = manifest["macros"][key]
        assert " ".join(m["macro_sql"].split()) in " ".join((DBT_PROJECT_DIR / m["original_file_path"])
                                                            .read_text().split())
