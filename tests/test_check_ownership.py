"""No check written twice: dbt tests own keys, code formats and identities of the marts; the
Great Expectations suites own distributional and study-specific checks of the panels
(docs/architecture.md, "Checks: who owns what").

The static tests read the dbt manifest and the GX suite modules, so they apply to marts and
suites added later. The corruption tests show that the checks moved from the GX suites to dbt
still catch what the suites caught: a private copy of the tiny warehouse is corrupted and
`dbt test` on it must fail exactly there."""
from __future__ import annotations

import importlib
import json

import duckdb
import pytest

from tradewh.settings import dbt_target_dir

MART_PREFIXES = ("dim_", "fct_", "idx_", "panel_", "rpt_")   # fct_: fact marts, none yet
RESULT_MODELS = ("estimates", "descriptives")
# what a dbt generic test and a GX expectation check, as comparable kinds
DBT_KIND = {"unique": "unique", "unique_combination": "unique", "not_null": "not_null",
            "code_format": "format", "accepted_values": "values", "expression_is_true": "expression",
            "not_empty": "not_empty"}
GX_KIND = {"expect_compound_columns_to_be_unique": "unique", "expect_column_values_to_be_unique": "unique",
           "expect_column_values_to_not_be_null": "not_null", "expect_column_values_to_match_regex": "format",
           "expect_column_values_to_be_in_set": "values", "expect_column_values_to_be_between": "expression"}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    from orchestration.run_job import ensure_manifest
    from tradewh.settings import resolve_paths

    base = tmp_path_factory.mktemp("parse")
    ensure_manifest(resolve_paths(raw_dir=base, warehouse=base / "w.duckdb", output=base / "out"))
    return json.loads((dbt_target_dir() / "manifest.json").read_text())


def is_mart(node: dict) -> bool:
    return node["resource_type"] == "model" and (node["name"].startswith(MART_PREFIXES)
                                                 or node["name"] in RESULT_MODELS)


def _unquote(c: str) -> str:
    return c.strip('"')


def dbt_checks(manifest: dict, model: str) -> set[tuple]:
    """(kind, column) of every generic dbt test attached to a model; unique -> the key columns."""
    out = set()
    for n in manifest["nodes"].values():
        meta = n.get("test_metadata") or {}
        if n["resource_type"] != "test" or n.get("attached_node") != f"model.tradewh.{model}":
            continue
        kind = DBT_KIND.get(meta.get("name"))
        kwargs = meta.get("kwargs") or {}
        if kind == "unique":
            cols = kwargs.get("columns") or [kwargs.get("column_name")]
            out.add(("unique", frozenset(_unquote(c) for c in cols)))
        elif kind:
            col = kwargs.get("column_name")
            out.add((kind, _unquote(col) if col else None))
    return out


def gx_checks(panel: str) -> set[tuple]:
    """(kind, column) of the expectations on the panel frame itself (not on derived frames)."""
    from expectations.runner import SUITES

    module = importlib.import_module(SUITES[panel])
    out = set()
    for e in module.expectations().get("panel", []):
        kind = GX_KIND.get(e.expectation_type)
        if kind == "unique":
            out.add(("unique", frozenset(e.column_list)))
        elif kind:
            out.add((kind, e.column))
        elif e.expectation_type == "expect_table_row_count_to_be_between" and (e.min_value or 0) <= 1 \
                and e.max_value is None:
            out.add(("not_empty", None))                  # only "has rows": dbt's not_empty
    return out


def test_no_panel_check_is_both_a_dbt_test_and_an_expectation(manifest):
    from expectations.runner import SUITES

    assert SUITES
    for panel in SUITES:
        both = dbt_checks(manifest, panel) & gx_checks(panel)
        assert not both, f"{panel}: checked by dbt and by its GX suite: {sorted(map(str, both))}"


def test_gx_suites_leave_keys_and_formats_to_dbt(manifest):
    from expectations.runner import SUITES

    for panel in SUITES:
        kinds = {k for k, _ in gx_checks(panel)}
        assert not kinds & {"unique", "format"}, f"{panel}: key or code-format expectation in the GX suite"
        keys = {c for k, cols in dbt_checks(manifest, panel) if k == "unique" for c in cols}
        assert keys, f"{panel}: no key test in dbt"
        assert not {("not_null", c) for c in keys} & gx_checks(panel), f"{panel}: not-null key in the GX suite"


def test_every_mart_has_a_key_and_no_null_key_column(manifest):
    """unique_combination groups NULLs, so each key column also needs not_null."""
    marts = sorted(n["name"] for n in manifest["nodes"].values() if is_mart(n))
    assert {"dim_product", "panel_ai_policy_quality", "rpt_raw_reconciliation", "estimates"} <= set(marts)
    for model in marts:
        checks = dbt_checks(manifest, model)
        keys = [cols for k, cols in checks if k == "unique"]
        assert keys, f"{model}: no unique / unique_combination test declares its key"
        for col in set().union(*keys):
            assert ("not_null", col) in checks, f"{model}: key column {col} has no not_null test"


def test_suites_read_only_the_columns_they_declare(tiny_built):
    """validate_panel reads COLUMNS only; every column an expectation names must be among them."""
    from expectations.runner import SUITES

    with duckdb.connect(str(tiny_built.warehouse), read_only=True) as con:
        for panel, module_name in SUITES.items():
            module = importlib.import_module(module_name)
            assert getattr(module, "COLUMNS", None), f"{panel}: the suite declares no COLUMNS"
            df = con.execute(f"select {', '.join(module.COLUMNS)} from marts.{panel}").df()
            frame = module.prepare(df)["panel"]
            named = {e.column for e in module.expectations()["panel"] if getattr(e, "column", None)}
            assert named <= set(frame.columns), (
                f"{panel}: expectations on columns not read: {named - set(frame.columns)}")


# --- the moved checks still catch what the suites caught ----------------------------------

CORRUPTIONS = [
    # (SQL on the warehouse copy, the dbt test that must fail: model.kind(column) or its name)
    ("insert into marts.panel_ai_policy_quality select * from marts.panel_ai_policy_quality where rowid = 0",
     "panel_ai_policy_quality.unique(hs6,importer,year)"),
    ("update marts.panel_ai_policy_quality set importer = null where rowid = 1",
     "panel_ai_policy_quality.not_null(importer)"),
    ("update marts.panel_ai_policy_quality set hs6 = substr(hs6, 2) where rowid = 2",    # lost leading zero
     "panel_ai_policy_quality.format(hs6)"),
    ("update marts.panel_ai_policy_quality set did = 1 - did where rowid = 3",
     "panel_ai_policy_quality.expression(did)"),
    ("update marts.panel_ai_policy_quality set post = 1 - post "
     "where rowid = (select min(rowid) from marts.panel_ai_policy_quality where treat = 0)",
     "panel_ai_policy_quality_post_is_policy_year_or_later"),
    ("update marts.panel_ai_policy_quality set fta = 2 where rowid = 4", "panel_ai_policy_quality.values(fta)"),
    ("update marts.panel_ai_policy_quality set lnquality = lnquality * 3 + 1 where rowid = 5",
     "panel_ai_policy_quality.expression(lnquality)"),
    ("insert into marts.panel_province_digital_tsi select * from marts.panel_province_digital_tsi where rowid = 0",
     "panel_province_digital_tsi.unique(province,year)"),
    ("update marts.panel_province_digital_tsi set province = substr(province, 2) where rowid = 1",
     "panel_province_digital_tsi.format(province)"),
    ("update marts.panel_province_digital_tsi set w_domain_names = w_domain_names + 0.01 where rowid = 2",
     "panel_province_digital_tsi_weights_sum_to_one"),
    ("update marts.panel_province_digital_tsi set dig = dig + 1.5 where rowid = 3",
     "panel_province_digital_tsi_dig_is_the_weighted_sum"),
    ("update marts.panel_province_digital_tsi set dig = dig + 1.5 where rowid = 3",
     "panel_province_digital_tsi.expression(dig)"),
    ("update marts.panel_province_digital_tsi set region = 'north' where rowid = 4",
     "panel_province_digital_tsi.values(region)"),
    ("update marts.panel_province_digital_tsi set high_dig = 2 where rowid = 5",
     "panel_province_digital_tsi.values(high_dig)"),
    ("update marts.panel_province_digital_tsi set year = null where rowid = 6",
     "panel_province_digital_tsi.not_null(year)"),
    ("update marts.idx_dig_entropy_weights set weight = weight * 1.1 where rowid = 0",
     "idx_dig_entropy_weights.group_sum(weight)"),
    ("update marts.rpt_tariff_concordance_coverage set n_lines = n_lines + 1 where rowid = 0",
     "rpt_tariff_concordance_coverage_every_line_counted_once"),
    # ranges of the index marts, true by construction (their YAML says why)
    ("update marts.idx_dig_entropy_weights set entropy = 1.5 where rowid = 1", "idx_dig_entropy_weights_ranges"),
    ("update marts.idx_dig_pca_loadings set variance_share = variance_share + 0.2 where rowid = 0",
     "idx_dig_pca_loadings.group_sum(variance_share)"),
    ("update marts.idx_dig_pca_loadings set loading = 1.5 where rowid = 1", "idx_dig_pca_loadings_ranges"),
    ("update marts.idx_digital_entropy set n_filled_indicators = n_indicators + 1 where rowid = 0",
     "idx_digital_entropy_indicator_counts"),
    ("update marts.idx_prody set n_exporting_provinces = 0 where rowid = 0", "idx_prody_only_exporting_industries"),
    ("update marts.idx_firm_patents set n_granted_applications = n_patent_applications + 1 where rowid = 0",
     "idx_firm_patents_ranges"),
    ("update marts.idx_firm_flexibility set export_record_cv = -0.5 where rowid = 0",
     "idx_firm_flexibility_cv_non_negative"),
    ("update marts.dim_product set hs6 = null where rowid = 0", "dim_product.not_null(hs6)"),
]


def _label(node: dict) -> str:
    meta = node.get("test_metadata") or {}
    model = node["attached_node"].split(".")[-1]
    kwargs = meta.get("kwargs") or {}
    if not node["name"].startswith(meta.get("name", "")):       # a named test
        return node["name"]
    kind = {"group_sum_equals": "group_sum"}.get(meta.get("name"), DBT_KIND.get(meta.get("name"), meta.get("name")))
    cols = kwargs.get("columns") or [kwargs.get("column_name")]
    return f"{model}.{kind}({','.join(sorted(_unquote(c) for c in cols if c))})"


def test_checks_moved_to_dbt_fail_on_a_corrupted_warehouse(tiny_copy):
    from tradewh.dbt_runner import DbtError, run_dbt

    with duckdb.connect(str(tiny_copy.warehouse)) as con:
        for sql in dict.fromkeys(sql for sql, _ in CORRUPTIONS):
            con.execute(sql)
    models = sorted({sql.split("marts.")[1].split()[0] for sql, _ in CORRUPTIONS})
    select = [f"{m},test_type:data" for m in models]
    with pytest.raises(DbtError):
        run_dbt(tiny_copy, ["test", "--select", *select], progress=lambda _: None)
    results = json.loads((dbt_target_dir() / "run_results.json").read_text())["results"]
    nodes = json.loads((dbt_target_dir() / "manifest.json").read_text())["nodes"]
    failed = {_label(nodes[r["unique_id"]]) for r in results if r["status"] in ("fail", "error")}
    passed = {_label(nodes[r["unique_id"]]) for r in results if r["status"] == "pass"}
    expected = {label for _, label in CORRUPTIONS}
    assert expected <= failed, f"not caught: {sorted(expected - failed)}; passed: {sorted(passed)}"
