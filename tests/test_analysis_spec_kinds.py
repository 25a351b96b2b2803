"""Spec and report extensions for paper 000: row_terms, truth checks (sign, zero, reference),
the balance and figure table kinds, deterministic figures. Small in-memory panel, no warehouse."""
from __future__ import annotations

import copy

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis import SpecError, load_study, run_study
from analysis.reporting.compare import compare_regression, headline

SPEC = {
    "study": "mini", "title": "Mini", "panel": "panel_mini", "dbt_vars": "zz_never_",
    "defaults": {"vcov": {"CRV1": "hs6"}},
    "labels": {"did": "post×treat"},
    "tables": [
        {"id": "t_reg", "rows": ["did", "x"], "columns": [
            {"name": "(1)", "formula": "y ~ did + x | hs6+year",
             "truth": {"did": "studies.mini.pos", "x": "studies.mini.zero"}},
            {"name": "(2) placebo", "formula": "y ~ did_pl + did | hs6+year", "row_terms": {"did": "did_pl"},
             "paper": {"did": [0.01, 0.02]}, "truth": {"did": "studies.mini.zero"}},
            {"name": "(3)", "formula": "y ~ did | hs6+year",
             "truth": {"did": {"key": "studies.mini.ref", "check": "reference"}}},
            {"name": "(4)", "formula": "y ~ did | hs6+year", "truth": {"did": "studies.mini.neg"}}]},
        {"id": "t_bal", "kind": "balance", "sample": "x is not null",
         "options": {"psm": {"covariates": ["x", "z"], "bandwidth": 0.1}},
         "paper": {"x": {"before": [1, 2, 0.1, 3], "after": [1, 1, 0.1, 0]}}},
        {"id": "fig_means", "kind": "figure",
         "options": {"plot": "group_means", "y": "y", "x": "year", "group": "treat",
                     "group_labels": {1: "T", 0: "C"}, "vline": 2013.5}},
        {"id": "t_es", "rows": ["year::2011:treat"], "columns": [
            {"name": "(1)", "formula": "y ~ i(year, treat, ref=2013) | hs6+year"}]},
        {"id": "fig_es", "kind": "figure",
         "options": {"plot": "coefficients", "source": {"table": "t_es", "column": "(1)"},
                     "term_pattern": "year::(\\d+):treat", "ref": 2013}},
    ],
}
TRUTH = {"studies": {"mini": {"pos": "+", "neg": "-", "zero": 0, "ref": 0.5}}}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    H, Y = (a.ravel() for a in np.meshgrid(np.arange(80), np.arange(2010, 2017), indexing="ij"))
    treat = (H % 2).astype(int)
    x, z = rng.normal(size=H.size) + 0.3 * treat, rng.normal(size=H.size)
    did, did_pl = treat * (Y >= 2014), treat * (Y >= 2012)
    y = 0.5 * did + rng.normal(0, 0.5, 80)[H] + 0.05 * (Y - 2010) + rng.normal(0, 0.2, H.size)
    return pd.DataFrame({"hs6": [f"{h:03d}" for h in H], "year": Y, "treat": treat, "did": did, "did_pl": did_pl,
                         "x": x, "z": z, "y": y})


@pytest.fixture(scope="module")
def result(panel, tmp_path_factory):
    con = duckdb.connect()
    con.register("panel_mini", panel)
    out = tmp_path_factory.mktemp("mini")
    return run_study(load_study(SPEC), lambda s: con.sql(s).df(), out, truth=TRUTH), con, out


def test_truth_checks_sign_zero_reference(result):
    res, _, _ = result
    cmp = compare_regression(res.study.table("t_reg"), res.estimates, TRUTH,
                             res.study.labels).set_index(["column", "term"])
    est = res.estimates.set_index(["table_id", "column", "term"])
    did1 = est.loc[("t_reg", "(1)", "did")]
    assert did1.estimate > 0 and did1.p_value < 0.05
    assert cmp.loc[("(1)", "did"), ["check", "covers", "truth_text"]].tolist() == ["sign", True, "+"]
    x = est.loc[("t_reg", "(1)", "x")]
    assert (cmp.loc[("(1)", "x"), "check"] == "covers"
            and cmp.loc[("(1)", "x"), "covers"] == (x.conf_low <= 0 <= x.conf_high))
    assert cmp.loc[("(4)", "did"), ["check", "covers"]].tolist() == ["sign", False]       # planted "-" vs +0.5
    assert cmp.loc[("(3)", "did"), "check"] == "reference" and cmp.loc[("(3)", "did"), "covers"] is None
    # placebo column: the did row shows did_pl, compared with the paper and the planted zero
    pl = est.loc[("t_reg", "(2) placebo", "did_pl")]
    assert (cmp.loc[("(2) placebo", "did"), "estimate"] == pl.estimate
            and cmp.loc[("(2) placebo", "did"), "paper_coef"] == 0.01)
    # a "+" that is not significant is not recovered
    weak = res.estimates.copy()
    weak.loc[(weak.column == "(1)") & (weak.term == "did"), "p_value"] = 0.2
    assert compare_regression(res.study.table("t_reg"), weak, TRUTH).iloc[0]["covers"] is False
    h = headline(res.study, res.estimates, TRUTH)
    assert len(h) == 5 and set(h.table_id) == {"t_reg"}


def test_report_headline_and_tables(result):
    res, _, out = result
    md = res.report_path.read_text(encoding="utf-8")
    assert "## Headline: planted values" in md and "shown for reference only" in md
    assert "| t_reg | (4) | post×treat |" in md and "## dbt vars" not in md           # prefix matches nothing
    grid = (out / "mini/tables/t_reg.md").read_text(encoding="utf-8")
    pl = res.estimates.set_index(["table_id", "column", "term"]).loc[("t_reg", "(2) placebo", "did_pl"), "estimate"]
    assert f"{pl:.3f}" in grid.splitlines()[4]                                     # did row, column (2)
    assert "| x | before |" in (out / "mini/tables/t_bal.md").read_text(encoding="utf-8")
    assert "treated_mean before" in md and "(figures/fig_means.png)" in md


def test_figures_deterministic_and_rebuilt_on_partial_runs(result, panel, tmp_path):
    res, con, out = result
    again = run_study(load_study(SPEC), lambda s: con.sql(s).df(), tmp_path)
    for f in ("fig_means.png", "fig_es.png", "fig_means.csv", "fig_es.csv"):
        assert (out / "mini/figures" / f).read_bytes() == (tmp_path / "mini/figures" / f).read_bytes()
    means = pd.read_csv(tmp_path / "mini/figures/fig_means.csv")
    ref = panel.groupby(["treat", "year"])["y"].mean()
    assert np.allclose([ref[(int(g), int(x))] for g, x in zip(means.group, means.x)], means["mean"], atol=1e-12)
    es = pd.read_csv(tmp_path / "mini/figures/fig_es.csv")
    assert es.x.tolist() == list(range(2010, 2017)) and es.set_index("x").loc[2013, "estimate"] == 0
    (tmp_path / "mini/figures/fig_es.png").unlink()
    run_study(load_study(SPEC), lambda s: con.sql(s).df(), tmp_path, tables=["t_reg"])
    assert (tmp_path / "mini/figures/fig_es.png").read_bytes() == (out / "mini/figures/fig_es.png").read_bytes()
    assert again.files["fig_means.png"] == tmp_path / "mini/figures/fig_means.png"


@pytest.mark.parametrize("path,value,msg", [
    (("tables", 0, "columns", 1, "row_terms"), {"nope": "did_pl"}, "not rows of the table"),
    (("tables", 0, "columns", 0, "truth"), {"did": {"key": "a.b", "check": "close"}}, "check must be one of"),
    (("tables", 1, "paper"), {"x": {"before": [1, 2]}}, "before: \\[treated, control, se, t\\]"),
    (("tables", 1, "paper"), {"w": {"before": [1, 2, 3, 4]}}, "not a psm covariate"),
    (("tables", 1, "options"), {"psm": {"covariates": ["x"], "kernel": "normal"}}, "kernel"),
    (("tables", 2, "options"), {"plot": "pie"}, "options.plot"),
    (("tables", 4, "options", "source"), {"table": "t_reg", "column": "(9)"}, "no regression column"),
    (("tables", 4, "options", "term_pattern"), "year::\\d+:treat", "one group"),
    (("dbt_vars",), ["apq_"], "prefix string"),
])
def test_spec_errors_name_the_problem(path, value, msg):
    spec = copy.deepcopy(SPEC)
    node = spec
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    with pytest.raises(SpecError, match=msg):
        load_study(spec)
