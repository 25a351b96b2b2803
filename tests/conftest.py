"""Shared fixtures: a tiny synthetic universe with a few malformed raw rows, built once.

The tiny raw directory is the generator's output plus the malformed BACI lines below, so the
session warehouse also exercises the rejects path (and proves nothing else is disturbed).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tradewh.settings import resolve_paths

# one BLAS thread per test process: with DuckDB and dbt sharing the cores, threaded BLAS in
# small IV/OLS fits was measured 40x slower (numpy is not imported above: the limit applies)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT.parent / "shared" / "reference"
TINY_SEED = 7
BAD_BACI_YEAR = 2016
# (line appended to BACI_HS96_Y2016, expected reason, expected reject column)
BAD_BACI_LINES = [
    ("2016,156,842,847130,abc,1.000", "v_not_numeric", "v"),
    ("2016,156,842,84713,12.000,1.000", "k_not_6_digits", "k"),
    ("2016,156,842,847190,12.000,-3.000", "q_negative", "q"),
    # a stray quote closed a line later: DuckDB alone merges the two lines into one record
    # (6 fields, k = '847192,12.000,1.000\n2016,...'); a BACI record is one line, so each is rejected
    ('2016,156,842,"847192,12.000,1.000', "unparseable_line: unbalanced quote", None),
    ('2016,156,842,847193",12.000,1.000', "unparseable_line: unbalanced quote", None),
    ("2016,156,842,847191,12.000,1.000,9", "unparseable_line: too many columns", None),
]


# fixtures that synthesise a universe or build a warehouse: a test using any of them (directly
# or through another fixture) is marked `slow`, so `pytest -m "not slow"` is the fast inner loop
WAREHOUSE_FIXTURES = {"tiny_raw", "tiny_built", "con", "tiny_copy", "demo_built", "manifest", "defs",
                      "wh", "built", "universes", "landed"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if WAREHOUSE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _restore_environ():
    """Pipeline calls export their paths into os.environ (for dbt and Dagster in-process);
    undo that after each test so one test's locations never leak into the next."""
    import os

    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


# malformed rows appended to the tiny universe's 2007 input-output table (paper 001): (row as a
# function of the header, expected reason)
BAD_IO_YEAR = 2007
BAD_IO_LINES = [
    (lambda h: ["99", "不存在的部门"] + ["1"] * (len(h) - 2), "unknown_row_code"),
    (lambda h: ["07", "纺织业"] + ["abc" if c == "03" else "1" for c in h[2:]], "value_not_numeric"),
    (lambda h: ["08", "纺织服装鞋帽皮革羽绒及其制品业"] + ["-5" if c == "02" else "1" for c in h[2:]], "negative_flow"),
    (lambda h: ["09", "木材加工及家具制造业"] + ["1"] * (len(h) - 2) + ["1"], "unparseable_line: too many columns"),
]


def reference_dir() -> Path | None:
    import os

    env = os.environ.get("TRADEWH_REFERENCE_DIR")
    path = Path(env) if env else REFERENCE_DIR
    return path if path.is_dir() else None


def baci_file(raw: Path, year: int) -> Path:
    return next((raw / "baci").glob(f"BACI_HS96_Y{year}_V*.csv"))


@pytest.fixture(scope="session")
def tiny_raw(tmp_path_factory) -> Path:
    from synthetic import generate

    raw = tmp_path_factory.mktemp("tiny") / "raw"
    generate("tiny", TINY_SEED, raw)
    f = baci_file(raw, BAD_BACI_YEAR)
    with open(f, "a", encoding="utf-8") as out:
        for line, _, _ in BAD_BACI_LINES:
            out.write(line + "\n")
    io = raw / "io" / f"io_table_{BAD_IO_YEAR}.csv"
    header = io.read_text(encoding="utf-8").splitlines()[0].split(",")
    with open(io, "a", encoding="utf-8") as out:
        for make, _ in BAD_IO_LINES:
            out.write(",".join(make(header)) + "\n")
    return raw


def make_paths(base: Path, raw: Path, reference: Path | None = None):
    return resolve_paths(raw_dir=raw, warehouse=base / "tradewh.duckdb", output=base / "output",
                         reference_dir=reference, landing_dir=base / "landing")


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory, tiny_raw):
    """Paths of a landed and built tiny warehouse (read it, do not modify it)."""
    from orchestration.pipeline import build, land

    paths = make_paths(tmp_path_factory.mktemp("tiny_wh"), tiny_raw)
    land(paths, require=["baci_flows"], progress=lambda _: None)
    build(paths, progress=lambda _: None)
    return paths


@pytest.fixture(scope="module")
def con(tiny_built):
    """A read-only connection to the built tiny warehouse."""
    import duckdb

    c = duckdb.connect(str(tiny_built.warehouse), read_only=True)
    yield c
    c.close()


@pytest.fixture
def tiny_copy(tmp_path, tiny_built, tiny_raw):
    """A private copy of the built tiny warehouse that a test may modify."""
    paths = make_paths(tmp_path, tiny_raw)
    shutil.copy(tiny_built.warehouse, paths.warehouse)
    shutil.copytree(tiny_built.landing_dir, paths.landing_dir)
    return paths


@pytest.fixture(scope="session")
def demo_built(tmp_path_factory):
    """Paths of the demo universe (seed 42), landed and built once per session (~1 minute).
    Tests may estimate on it (outputs go to its output directory) but must not modify it."""
    from orchestration.pipeline import build, land
    from synthetic import generate

    base = tmp_path_factory.mktemp("demo")
    paths = make_paths(base, base / "raw")
    generate("demo", 42, paths.raw_dir)
    land(paths, progress=lambda _: None)
    build(paths, progress=lambda _: None)
    return paths
