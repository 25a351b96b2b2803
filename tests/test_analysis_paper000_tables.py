"""Paper 000 complete: every table and figure estimated on the demo universe (seed 42).

The whole study runs once per module (~10 s on the shared demo warehouse, read-only, output in
a private directory). Checks: the paper's layout of every table, placebo and σ robustness,
heterogeneity against the planted group effects, mechanism signs, PSM consistency, figures.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import load_study
from analysis.reporting.grids import balance_grid, regression_grid

FE2 = ["Controls", "Product-importer FE", "Year FE"]
FE4 = ["Product FE", "Importer FE", "Product-importer FE", "Year FE"]
DID = "post_t×treat_h"
PAPER_LAYOUT = {   # columns, row labels (SE rows excluded) of the rendered tables
    "table3": (["(1)", "(2)", "(3)", "(4)"], [DID, "lnmfn", "lnpgdp", "lnexchange", "lngdp", "open", "lninternet",
                                              "fta", "Constant", *FE4, "N", "R²"]),
    "table5": (["(1)", "(2)", "(3)", "(4)"], [DID, "Controls", *FE4, "N", "R²"]),
    "table6": (["(1) full", "(1) lead", "(2) full", "(2) lead", "(3)", "(4)", "(5)"],
               ["Dependent variable", DID, *FE2, "N", "R²"]),
    "table7": (["(1)", "(2)", "(3)", "(4)"], ["Dependent variable", DID, *FE2, "N", "R²"]),
    "table8": (["(1)", "(2)", "(3) within", "(3) all controls", "(4) within", "(4) all controls", "(5) within",
                "(5) all controls", "(6)", "(7)"], [DID, *FE2, "N", "R²"]),
    "table9": (["(1)", "(2)"], [DID, "post_t×treat_h × trade-cost proxy (ln export scale)",
                                "post_t×treat_h × innovation proxy (share in industry exports)", *FE2, "N", "R²"]),
}


@pytest.fixture(scope="module")
def run(demo_built, tmp_path_factory):
    from analysis import run_study
    from tradewh.warehouse import connect_read_only

    out = tmp_path_factory.mktemp("paper000")
    truth = json.loads((demo_built.raw_dir / "truth.json").read_text())
    with connect_read_only(demo_built) as con:
        res = run_study("ai_policy_quality", lambda sql: con.execute(sql).df(), out, truth=truth,
                        progress=lambda _: None, raw_dir=demo_built.raw_dir)
        panel = con.execute("select year, treat, lnquality, is_technology, has_controls "
                            "from panel_ai_policy_quality").df()
    est = res.estimates.set_index(["table_id", "column", "term"])
    return res, est, truth["studies"]["ai_policy_quality"], panel, out


def _rows(g):
    return {r[0]: r[1:] for r in g.rows if r[0]}


def test_every_table_has_the_papers_rows_and_columns(run):
    res, est, _, panel, out = run
    for tid, (cols, rows) in PAPER_LAYOUT.items():
        g = regression_grid(res.study, res.study.table(tid), res.estimates)
        assert g.header == ["", *cols], tid
        assert [r[0] for r in g.rows if r[0]] == rows, tid
        assert (out / "ai_policy_quality" / "tables" / f"{tid}.md").is_file()
    t5 = _rows(regression_grid(res.study, res.study.table("table5"), res.estimates))
    assert t5["Controls"] == ["NO", "NO", "YES", "YES"] and t5["Product FE"] == ["NO", "YES", "YES", "NO"]
    assert t5["Product-importer FE"] == ["NO", "NO", "NO", "YES"] and t5["Year FE"] == ["NO", "YES", "YES", "YES"]
    for tid in ("table6", "table7", "table8", "table9"):
        g = _rows(regression_grid(res.study, res.study.table(tid), res.estimates))
        assert all(set(g[k]) == {"YES"} for k in FE2), tid
    # every printed coefficient has an estimate; the one exception is justified by the data
    tech_untreated = int((panel.has_controls & panel.is_technology & (panel.treat == 0)).sum())
    for tid in PAPER_LAYOUT:
        t = res.study.table(tid)
        for c in t.columns:
            for row in c.paper:
                have = (tid, c.name, c.term(row)) in est.index
                expect = not (tid == "table8" and c.name == "(5) within") or tech_untreated > 0
                assert have == expect, (tid, c.name, row)
    b = balance_grid(res.study, res.study.table("table4"), res.descriptives)
    assert b.header == ["Variable", "Sample", "Treated", "Control", "SE", "T"]
    covs = ["lnquality", "lnmfn", "lnpgdp", "lnexchange", "lngdp", "open", "lninternet", "fta"]
    assert [r[0] for r in b.rows] == [x for v in covs for x in (v, "")]
    assert [r[1] for r in b.rows] == ["before", "after"] * 8 and all(all(r[2:]) for r in b.rows)
    assert not res.estimates.duplicated(["table_id", "column", "term"]).any()   # marts.estimates unique key


def test_placebo_years_insignificant_in_both_variants(run):
    _, est, truth, _, _ = run
    assert truth["placebo_years_effect"] == 0
    for col, term in [("(1) full", "did_placebo_2014"), ("(1) lead", "did_placebo_2014"),
                      ("(2) full", "did_placebo_2013"), ("(2) lead", "did_placebo_2013")]:
        p, actual = est.loc[("table6", col, term)], est.loc[("table6", col, "did")]
        assert p.p_value > 0.05 and p.conf_low <= 0 <= p.conf_high, (col, p.estimate, p.std_error)
        assert actual.estimate > 0 and actual.p_value < 0.01, col          # the design has power
    n = {c: est.loc[("table6", c, "did"), "nobs"] for c in ("(1) full", "(1) lead", "(2) lead")}
    assert n["(2) lead"] < n["(1) lead"] < n["(1) full"]
    leads = [est.loc[("event_study", "(1)", f"year::{y}:treat")] for y in range(2010, 2014)]
    assert all(r.conf_low <= 0 <= r.conf_high for r in leads)
    assert all(est.loc[("event_study", "(1)", f"year::{y}:treat"), "p_value"] < 0.01 for y in range(2015, 2021))


def test_other_sigmas_and_raw_quality_keep_the_sign(run):
    _, est, truth, _, _ = run
    base = est.loc[("table3", "(4)", "did")]
    for col in ("(3)", "(4)", "(5)"):
        r = est.loc[("table6", col, "did")]
        assert np.sign(r.estimate) == np.sign(base.estimate) == 1 and r.p_value < 0.01, col
    raw = est.loc[("table6", "(5)", "did")]
    assert raw.conf_low <= truth["controls_sample"]["att"] <= raw.conf_high


def test_heterogeneity_positive_covers_planted_groups_and_ordering(run):
    _, est, truth, _, _ = run
    for tid in ("table8", "table8_raw"):
        cols = est.loc[tid].xs("did", level="term")
        assert len(cols) == 9 and (cols.estimate > 0).all() and (cols.p_value < 0.05).all(), tid
    inc, ints = truth["controls_sample"]["att_by_income"], truth["controls_sample"]["att_by_intensity"]
    planted = {"(1)": inc["high"], "(2)": inc["low"], "(3) within": ints["labour"], "(3) all controls": ints["labour"],
               "(4) within": ints["capital"], "(4) all controls": ints["capital"],
               "(5) all controls": ints["technology"]}
    for col, value in planted.items():
        r = est.loc[("table8_raw", col, "did")]
        assert r.conf_low <= value <= r.conf_high, (col, r.estimate, r.std_error, value)
    b = lambda c: est.loc[("table8_raw", c, "did"), "estimate"]  # noqa: E731
    assert inc["high"] > inc["low"] and b("(1)") > b("(2)")
    assert ints["labour"] > ints["technology"] and b("(3) all controls") > b("(5) all controls")
    assert b("(3) within") > b("(5) all controls")


def test_mechanism_interactions_positive_as_planted(run):
    res, est, truth, _, _ = run
    assert truth["mechanism"] == {"export_scale": "+", "industry_share": "+"}
    for col, term, main in [("(1)", "did:ln_export_scale", "ln_export_scale"),
                            ("(2)", "did:industry_share", "industry_share")]:
        r = est.loc[("table9", col, term)]
        assert r.estimate > 0 and r.p_value < 0.05
        assert ("table9", col, main) in est.index          # the mediator's main effect is in the model
    from analysis.reporting.compare import compare_regression
    cmp = compare_regression(res.study.table("table9"), res.estimates, {"studies": {"ai_policy_quality": truth}})
    assert cmp.loc[cmp.truth_key.notna(), ["check", "covers"]].values.tolist() == [["sign", True], ["sign", True]]


def test_psm_did_uses_the_balance_tables_matched_sample(run):
    res, est, _, _, _ = run
    d = res.descriptives[res.descriptives.table_id == "table4"].set_index(["variable", "statistic"])["value"]
    matched = d[("_sample", "n_treated_matched")] + d[("_sample", "n_control_matched")]
    assert est.loc[("table5", "(1)", "did"), "nobs"] == matched <= d[("_sample", "n_rows")]
    assert d[("_sample", "n_treated_matched")] <= d[("_sample", "n_treated_on_support")] <= d[("_sample", "n_treated")]
    assert abs(d[("_pscore", "t_after")]) < abs(d[("_pscore", "t_before")])
    for col in ("(2)", "(3)", "(4)"):
        r = est.loc[("table5", col, "did")]
        assert r.estimate > 0 and r.p_value < 0.01
        assert r.nobs <= est.loc[("table3", col, "did"), "nobs"]


def test_figures_are_pngs_of_the_stored_numbers(run, demo_built):
    import matplotlib.image as mpimg

    from tradewh.warehouse import connect_read_only

    res, est, _, _, out = run
    fdir = out / "ai_policy_quality" / "figures"
    for name in ("figure1", "figure_event_study"):
        png = fdir / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        img = mpimg.imread(png)
        assert img.shape[:2] == (630, 1050) and img[..., :3].std() > 0.05     # not a blank canvas
        assert res.files[f"{name}.png"] == png
    with connect_read_only(demo_built) as con:
        sql = con.execute("select year, treat, avg(lnquality) m, count(*) n from panel_ai_policy_quality "
                          "where lnquality is not null group by all order by all").df()
    fig1 = pd.read_csv(fdir / "figure1.csv")
    merged = sql.merge(fig1.assign(treat=fig1.group.astype(int), year=fig1.x.astype(int)), on=["year", "treat"])
    assert len(merged) == len(sql) == 22
    np.testing.assert_allclose(merged["mean"], merged["m"], rtol=0, atol=1e-9)
    assert (merged["N"] == merged["n"]).all()
    ev = pd.read_csv(fdir / "figure_event_study.csv").set_index("x")
    assert list(ev.index) == list(range(2010, 2021)) and ev.loc[2014, "estimate"] == 0
    for y in (2010, 2015, 2020):
        assert ev.loc[y, "estimate"] == pytest.approx(est.loc[("event_study", "(1)", f"year::{y}:treat"), "estimate"])


def test_report_headline_sample_steps_and_dbt_vars(run):
    res, _, truth, _, out = run
    text = res.report_path.read_text(encoding="utf-8")
    head = text.split("## Headline: planted values", 1)[1].split("\n## ", 1)[0]
    n_mapped = sum(len(c.truth) for t in res.study.tables if t.kind == "regression" for c in t.columns)
    tables = tuple(f"| {t.id} |" for t in res.study.tables)
    assert sum(1 for line in head.splitlines() if line.startswith(tables)) == n_mapped == 33
    assert "CI covers the estimand" in head and "sign, p < 0.05" in head and "not the estimand" in head
    line = next(ln for ln in head.splitlines() if ln.startswith("| table8_raw | (1) |"))
    assert f"{truth['controls_sample']['att_by_income']['high']:.4g}" in line and line.rstrip().endswith("| yes |")
    assert text.index("## Headline") < text.index("## Sample") < text.index("## Table 2")
    assert "| apq_policy_year | 2015 |" in text and "treated in the matched sample" in text
    assert "![Figure 1" in text and "(figures/figure1.png)" in text
    assert (out / "ai_policy_quality" / "report.html").read_text(encoding="utf-8").count("<img ") == 2
    assert load_study("ai_policy_quality").dbt_vars == "apq_"
