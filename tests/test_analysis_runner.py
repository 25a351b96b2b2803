"""Runner end to end on an in-memory DuckDB panel; tables and the report's comparison."""
from __future__ import annotations

import copy
import math

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from analysis import SpecError, fetch_from, load_study, run_study
from analysis.core.schema import DESCRIPTIVE_COLUMNS, ESTIMATE_COLUMNS
from analysis.reporting.compare import compare_regression, truth_value
from analysis.reporting.grids import regression_grid, stars, to_latex, to_markdown
from analysis.reporting.report import write_report
from analysis.reporting.simulation import sql_schema
from analysis.results import ensure_result_placeholders

ATT = 0.05
SPEC = {
    "study": "demo", "title": "Demo study", "paper": "A & B (2024)", "panel": "panel_demo",
    "defaults": {"estimator": "ols", "vcov": {"CRV1": "hs6"}, "fixef_rm": "singleton"},
    "labels": {"did": "post×treat"},
    "choices": ["R² is the overall R²."],
    "sample_steps": [{"label": "all", "where": "true", "paper": 1000}, {"label": "controls", "where": "has_controls"}],
    "tables": [
        {"id": "t_desc", "kind": "descriptives", "title": "Descriptives", "variables": ["y", "did", "ctrl"],
         "statistics": ["N", "mean", "sd", "p25", "p50", "p75"], "paper": {"did": [1000, 0.4, 0.49, 0, 0, 1]}},
        {"id": "t_base", "title": "Baseline", "rows": ["did", "ctrl", "_cons"],
         "fe_rows": {"Product FE": "hs6", "Product-importer FE": "importer^hs6", "Year FE": "year"},
         "columns": [
             {"name": "(1)", "formula": "y ~ did", "paper": {"did": [0.04, 0.01, "***"], "N": 1000, "R2": 0.01}},
             {"name": "(2)", "formula": "y ~ did + ctrl | hs6^importer + year", "sample": "has_controls",
              "paper": {"did": [-0.03, 0.01, "***"]}, "truth": {"did": "studies.demo.att"}},
         ]},
        {"id": "t_alt", "title": "Alternative", "rows": ["did"],
         "columns": [{"name": "(1)", "formula": "y ~ did | hs6+year", "truth": {"did": "studies.demo.att"}}]},
    ],
}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    imp, hs, yrs = 12, 40, np.arange(2010, 2018)
    IMP, H, Y = (a.ravel() for a in np.meshgrid(np.arange(imp), np.arange(hs), yrs, indexing="ij"))
    keep = rng.random(IMP.size) < 0.7
    IMP, H, Y = IMP[keep], H[keep], Y[keep]
    treat, post = (H % 3 != 0).astype(int), (Y >= 2014).astype(int)
    did = treat * post
    ctrl = rng.normal(size=IMP.size)
    y = ATT * did + 0.02 * ctrl + rng.normal(0, .1, hs)[H] + rng.normal(0, .1, imp)[IMP] + 0.01 * (Y - 2010) \
        + rng.normal(0, .1, IMP.size)
    has = rng.random(IMP.size) > 0.2
    return pd.DataFrame({"importer": [f"I{i:02d}" for i in IMP], "hs6": [f"{h:06d}" for h in H], "year": Y,
                         "treat": treat, "post": post, "did": did, "y": y,
                         "ctrl": np.where(has, ctrl, np.nan), "has_controls": has,
                         "unused_wide": rng.normal(size=IMP.size)})


@pytest.fixture()
def setup(panel, tmp_path):
    con = duckdb.connect()
    con.register("panel_demo", panel)
    sqls: list[str] = []
    base = fetch_from(con)

    def fetch(sql: str) -> pd.DataFrame:
        sqls.append(sql)
        return base(sql)

    spec_path = tmp_path / "demo.yml"
    spec_path.write_text(yaml.safe_dump(SPEC, allow_unicode=True), encoding="utf-8")
    return fetch, sqls, spec_path, tmp_path


TRUTH = {"studies": {"demo": {"att": ATT}}}


def test_end_to_end_files_schema_and_sql(setup, panel):
    fetch, sqls, spec_path, tmp = setup
    res = run_study(spec_path, fetch, tmp / "out", truth=TRUTH, raw_dir="data/raw")
    out = tmp / "out"
    for rel in ["estimates/demo__estimates.parquet", "estimates/demo__descriptives.parquet",
                "demo/report.md", "demo/report.html"] + \
               [f"demo/tables/{t}.{e}" for t in ("t_desc", "t_base", "t_alt") for e in ("md", "tex", "html")]:
        assert (out / rel).is_file(), rel
    est = pq.read_table(out / "estimates/demo__estimates.parquet")
    assert est.schema.names == ESTIMATE_COLUMNS
    assert str(est.schema.field("nobs").type) == "int64" and str(est.schema.field("sample").type) == "string"
    assert str(est.schema.field("fixed_effects").type) == "string"   # typed even where null (col (1))
    assert pq.read_table(out / "estimates/demo__descriptives.parquet").schema.names == DESCRIPTIVE_COLUMNS
    # placeholders for SQL: same schema as real results, never overwrite them
    assert [p.name for p in ensure_result_placeholders(out / "estimates", ["demo"])] == ["demo__simulation.parquet"]
    assert ensure_result_placeholders(out / "estimates", ["demo"]) == []      # never overwritten
    empty = ensure_result_placeholders(tmp / "empty", ["demo"])
    assert len(empty) == 3 and pq.read_table(empty[0]).schema == est.schema and pq.read_table(empty[0]).num_rows == 0
    assert pq.read_table(empty[2]).schema == sql_schema() and empty[2].name == "demo__simulation.parquet"
    e = res.estimates.set_index(["table_id", "column", "term"])
    did = e.loc[("t_base", "(2)", "did")]
    assert did["fixed_effects"] == "hs6^importer+year" and did["sample"] == "has_controls"
    assert did["vcov"] == "CRV1:hs6" and did["depvar"] == "y" and did["estimator"] == "ols"
    assert abs(did["estimate"] - ATT) < 4 * did["std_error"]
    assert did["nobs"] < e.loc[("t_base", "(1)", "did")]["nobs"]
    assert len(set(res.estimates["spec_sha256"])) == 1
    assert res.report_path == out / "demo/report.md"
    assert "Data source: data/raw" in res.report_path.read_text(encoding="utf-8")
    # one SQL per column, only the needed columns, sample in WHERE
    col_sql = [s for s in sqls if "has_controls)" in s and "count(" not in s]
    assert col_sql == ['SELECT "y", "did", "ctrl", "hs6", "importer", "year" FROM panel_demo WHERE (has_controls)']
    assert not any("unused_wide" in s for s in sqls)
    d = res.descriptives.set_index(["variable", "statistic"])["value"]
    assert d[("ctrl", "N")] == res.sample_counts[1]["n"]            # per-variable non-missing N
    assert [s["n"] for s in res.sample_counts] == [len(panel), int(panel["has_controls"].sum())]


def test_partial_rerun_keeps_other_tables(setup):
    fetch, _, spec_path, tmp = setup
    first = run_study(spec_path, fetch, tmp / "out")
    before = pd.read_parquet(tmp / "out/estimates/demo__estimates.parquet")
    spec2 = copy.deepcopy(SPEC)
    spec2["tables"][2]["columns"][0]["formula"] = "y ~ did + ctrl | hs6+year"
    spec_path.write_text(yaml.safe_dump(spec2, allow_unicode=True), encoding="utf-8")
    second = run_study(spec_path, fetch, tmp / "out", tables=["t_alt"])
    assert second.tables_run == ["t_alt"]
    stored = pd.read_parquet(tmp / "out/estimates/demo__estimates.parquet")
    old_base = before[before.table_id == "t_base"].reset_index(drop=True)
    new_base = stored[stored.table_id == "t_base"].reset_index(drop=True)
    assert len(old_base) == 5
    pd.testing.assert_frame_equal(old_base, new_base, check_exact=True)
    assert set(stored.loc[stored.table_id == "t_alt", "term"]) == {"did", "ctrl", "_cons"}
    assert stored.loc[stored.table_id == "t_alt", "spec_sha256"].iloc[0] != first.estimates["spec_sha256"].iloc[0]
    assert len(pd.read_parquet(tmp / "out/estimates/demo__descriptives.parquet")) == 18
    assert list(stored.table_id.drop_duplicates()) == ["t_base", "t_alt"]   # spec order kept
    # a partial run into an empty directory writes only what it ran
    only = run_study(spec_path, fetch, tmp / "fresh", tables=["t_alt"])
    assert set(only.estimates.table_id) == {"t_alt"} and only.descriptives.empty
    with pytest.raises(SpecError, match="nope"):
        run_study(spec_path, fetch, tmp / "out", tables=["nope"])


def test_deterministic_outputs(setup):
    fetch, _, spec_path, tmp = setup
    run_study(spec_path, fetch, tmp / "a")
    run_study(spec_path, fetch, tmp / "b")
    for t in ("t_desc", "t_base", "t_alt"):
        for ext in ("md", "tex", "html"):
            assert (tmp / "a/demo/tables" / f"{t}.{ext}").read_bytes() == \
                   (tmp / "b/demo/tables" / f"{t}.{ext}").read_bytes()
    a = pd.read_parquet(tmp / "a/estimates/demo__estimates.parquet")
    b = pd.read_parquet(tmp / "b/estimates/demo__estimates.parquet")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    for f in ("estimates/demo__estimates.parquet", "estimates/demo__descriptives.parquet"):
        assert (tmp / "a" / f).read_bytes() == (tmp / "b" / f).read_bytes()


def test_missing_panel_column_names_table_and_column(setup):
    fetch, _, spec_path, tmp = setup
    spec = copy.deepcopy(SPEC)
    spec["tables"][2]["columns"][0]["formula"] = "y ~ did + nonexistent | hs6+year"
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        run_study(spec_path, fetch, tmp / "out")
    assert "t_alt" in str(exc.value) and "'(1)'" in str(exc.value) and "nonexistent" in str(exc.value)


def test_rendered_table_layout(setup):
    fetch, _, spec_path, tmp = setup
    res = run_study(spec_path, fetch, tmp / "out")
    g = regression_grid(res.study, res.study.table("t_base"), res.estimates)
    rows = {r[0]: r[1:] for r in g.rows if r[0]}
    assert rows["Product FE"] == ["NO", "NO"]
    assert rows["Product-importer FE"] == ["NO", "YES"]          # importer^hs6 == hs6^importer
    assert rows["Year FE"] == ["NO", "YES"]
    p_did = res.estimates.query("table_id == 't_base' and term == 'did'")["p_value"].tolist()
    assert [c[-3:].lstrip("0123456789.-") for c in rows["post×treat"]] == [stars(p) for p in p_did]
    assert rows["post×treat"][1].endswith("***")
    assert rows["ctrl"][0] == "" and rows["N"][0] == f"{int(res.estimates.nobs.max()):,}"
    md = to_markdown(g)
    assert "| post×treat |" in md and "(CRV1, clustered by hs6)" in md
    tex = to_latex(g)
    assert r"\toprule" in tex and r"post$\times$treat" in tex and "R$^{2}$" in tex
    assert [stars(p) for p in (0.005, 0.03, 0.07, 0.2, math.nan)] == ["***", "**", "*", "", ""]


def _constructed_estimates() -> pd.DataFrame:
    rows = []
    for col, (b, lo, hi) in {"(1)": (0.2, 0.1, 0.3), "(2)": (0.2, 0.15, 0.25)}.items():
        rows.append({"study": "demo", "table_id": "t_base", "column": col, "term": "did", "estimate": b,
                     "std_error": 0.05, "statistic": 4.0, "p_value": 0.001, "conf_low": lo, "conf_high": hi,
                     "nobs": 100, "r2": 0.5, "r2_within": 0.1, "adj_r2": 0.4, "n_clusters": 10,
                     "fixed_effects": None, "vcov": "CRV1:hs6", "formula": "y ~ did", "sample": None,
                     "depvar": "y", "estimator": "ols", "spec_sha256": "x"})
    return pd.DataFrame(rows)


def test_report_comparison_marks_coverage(tmp_path):
    spec = copy.deepcopy(SPEC)
    spec["tables"][1]["columns"][0]["truth"] = {"did": "studies.demo.att"}
    spec["tables"][1]["columns"][1]["truth"] = {"did": "studies.demo.other"}
    table = load_study(spec).table("t_base")
    est = _constructed_estimates()
    # truth 0.28: inside (1)'s CI [0.1, 0.3], outside (2)'s [0.15, 0.25]
    cmp = compare_regression(table, est, {"studies": {"demo": {"att": 0.28, "other": 0.28}}})
    assert cmp["column"].tolist() == ["(1)", "(2)"] and cmp["term"].tolist() == ["did", "did"]
    assert cmp["covers"].tolist() == [True, False]
    assert cmp["sign_agrees"].tolist() == [True, False]          # paper prints +0.04 and −0.03
    cmp = compare_regression(table, est, {"studies": {"demo": {"att": 0.28}}})
    assert cmp["covers"].tolist()[0] == True and pd.isna(cmp["covers"].tolist()[1])  # noqa: E712 key missing
    assert pd.isna(cmp["truth_value"].tolist()[1])
    assert compare_regression(table, est, None)["covers"].isna().all()
    assert truth_value({"a": {"b": 1}}, "a.b") == 1.0 and truth_value({"a": {"b": "x"}}, "a.b") is None
    study = load_study(spec)
    write_report(study, est, pd.DataFrame(columns=DESCRIPTIVE_COLUMNS), tmp_path,
                 truth={"studies": {"demo": {"att": 0.28, "other": 0.28}}}, sample_counts=[],
                 source="raw/", run_time="now")
    md = (tmp_path / "demo/report.md").read_text(encoding="utf-8")
    line1 = next(ln for ln in md.splitlines() if ln.startswith("| (1) | post×treat"))
    line2 = next(ln for ln in md.splitlines() if ln.startswith("| (2) | post×treat"))
    assert line1.split("|")[8].strip() == "yes" and line2.split("|")[8].strip() == "NO"
    assert "truth.json: present" in md and "Data source: raw/" in md
    assert "covered by our 95% CI in 1 of 2 cases" in md
