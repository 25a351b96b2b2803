"""Paper 001 on the demo universe (seed 42): the planted robot effect recovered on the planted
definitions, processing exporters' DVAR below ordinary exporters', the firm weight equal to an
independent pandas computation, the panel's derived columns (Gap, Theil, winsorised copies,
industry-year means) recomputed in pandas, the robustness columns doing what they say, the
three-step mediation identity, and the report with the paper's and the planted values."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import load_study
from tradewh.settings import dbt_vars

STUDY = "robots_dvar"
CONTROLS = ["age", "finance", "fin_constraints", "cap_intensity", "hhi"]


def test_spec_covers_tables_1_to_8():
    s = load_study(STUDY)
    ids = {t.id for t in s.tables}
    assert {f"table{i}" for i in range(1, 9)} <= ids and {"table1_planted", "table6_effects"} <= ids
    assert s.table("table1").columns[3].paper["robot"].coef == 0.0058
    assert s.table("table1").paren == "t" and s.table("table1").columns[3].paper["robot"].se == 20.42
    assert s.panel == "panel_" + STUDY and s.dbt_vars == "rdv_"


def test_mediation_bootstrap_demeans_large_regressors():
    """The bootstrap's alternating projections converge relative to a column's scale: a robot
    penetration in the thousands (robots per 10,000 workers) cannot get its group means below an
    absolute 1e-13 in floating point, which stopped the bootstrap before the fix."""
    from analysis.estimators.mediation import _demean

    r = np.random.default_rng(1)
    firm, year = np.repeat(np.arange(300), 6), np.tile(np.arange(6), 300)
    keep = r.random(len(firm)) < 0.8                                     # unbalanced
    firm, year = firm[keep], year[keep]
    x = 5_000 * r.gamma(2.0, size=len(firm)) + 1_000 * year
    z = _demean(np.column_stack([x, r.normal(size=len(firm))]), [firm, year])
    for codes in (firm, year):
        means = np.bincount(codes, weights=z[:, 0]) / np.bincount(codes)
        assert np.abs(means).max() < 1e-9 * np.abs(x).max()


@pytest.fixture(scope="module")
def panel(demo_built):
    import duckdb

    con = duckdb.connect(str(demo_built.warehouse), read_only=True)
    df = con.execute("select * from marts.panel_robots_dvar order by firm_id, year").df()
    acc = con.execute("select a.firm_id, a.year, a.employment, a.passes_filters, c.industry "
                      "from intermediate.int_dvar__firm_accounts a join intermediate.int_robot__cic_ifr c "
                      "on c.cic_vintage = '2002' and c.cic_code = a.cic_adj where c.industry is not null").df()
    robot = con.execute("select * from marts.idx_firm_robot").df()
    pr = con.execute("select industry, year, pr, pr_iv from marts.idx_robot_industry").df()
    con.close()
    return {"panel": df, "accounts": acc, "robot": robot, "pr": pr}


@pytest.fixture(scope="module")
def demo(demo_built):
    from orchestration.pipeline import estimate

    result = estimate(demo_built, STUDY, progress=lambda _: None, load_results=False)
    truth = json.loads((demo_built.raw_dir / "truth.json").read_text())["studies"][STUDY]
    return result, truth


def test_firm_weight_equals_an_independent_pandas_computation(panel):
    a = panel["accounts"]
    assert dbt_vars()["rdv_weight_universe"] == "clean"
    uni = a[(a.employment > 0) & a.passes_filters.astype(bool)]
    emp = uni.groupby(["industry", "year"]).employment.sum().rename("industry_employment")
    share = uni.join(emp, on=["industry", "year"])
    share["s"] = share.employment / share.industry_employment
    median = share.groupby("year").s.median().rename("median_share")
    mine = a[a.employment > 0].join(emp, on=["industry", "year"]).join(median, on="year")
    mine["weight"] = mine.employment / mine.industry_employment / mine.median_share
    mine = mine.merge(panel["pr"], on=["industry", "year"], how="left")
    got = panel["robot"].merge(mine, on=["firm_id", "year"], suffixes=("", "_pd"))
    assert len(got) == len(panel["robot"]) > 1000
    np.testing.assert_allclose(got.robot_weight, got.weight, rtol=1e-12)
    np.testing.assert_allclose(got.robot.astype(float), (got.weight * got.pr).astype(float), rtol=1e-12)
    # Table 2 (2): PR without the weight; Table 2 (5): the weight times the foreign robots' PR
    np.testing.assert_allclose(got.robot_alt.astype(float), got.pr.astype(float), rtol=1e-12)
    np.testing.assert_allclose(got.robot_iv.astype(float), (got.weight * got.pr_iv).astype(float), rtol=1e-12)


def test_gap_theil_winsor_and_industry_means_recomputed(panel):
    p = panel["panel"]
    assert dbt_vars()["rdv_gap_scope"] == "year" and dbt_vars()["rdv_theil_level"] == "industry"
    gap = p.groupby("year").dvar.transform("max") - p.dvar
    np.testing.assert_allclose(p.gap, gap, atol=1e-12)
    pos = p[p.dvar > 0].copy()
    pos["r"] = pos.dvar / pos.groupby(["industry", "year"]).dvar.transform("mean")
    theil = (pos.r * np.log(pos.r)).groupby([pos.industry, pos.year]).mean().rename("theil_pd")
    got = p.join(theil, on=["industry", "year"])
    np.testing.assert_allclose(got.theil, got.theil_pd, atol=1e-12)
    q = float(dbt_vars()["rdv_winsor_pct"]) / 100
    for c in ["dvar", "robot"] + CONTROLS:
        lo, hi = p[c].astype(float).quantile([q, 1 - q])                       # linear, as quantile_cont
        np.testing.assert_allclose(p[f"{c}_w"].astype(float), p[c].astype(float).clip(lo, hi), atol=1e-9)
    full = p[p.dvar.notna() & p.robot.notna() & p.has_controls.astype(bool)]
    means = full.groupby(["industry", "year"])[["dvar", "robot"] + CONTROLS].mean()
    rows = p[p.is_industry_row == 1].set_index(["industry", "year"])
    assert len(rows) == len(means) and rows.index.is_unique
    for c in ["dvar", "robot"] + CONTROLS:
        np.testing.assert_allclose(rows.loc[means.index, f"{c}_ind"].astype(float), means[c], rtol=1e-12)
    assert (full.groupby(["industry", "year"]).firm_id.min() == rows.loc[means.index, "firm_id"]).all()


def test_planted_robot_effect_is_recovered(demo):
    result, truth = demo
    est = result.estimates.set_index(["table_id", "column", "term"])
    beta = truth["beta_robot"]
    for col in ("(2)", "(4)"):
        r = est.loc[("table1_planted", col, "robot_exposure")]
        assert r.conf_low <= beta <= r.conf_high and r.p_value < 0.01, (col, r.estimate)
    gap = est.loc[("table8_planted", "(3F) firm FE", "robot_exposure")]
    assert gap.conf_low <= truth["estimands"]["gap_on_exposure"] <= gap.conf_high
    diluted = est.loc[("table1_planted", "(5) all exporters", "robot_exposure")]
    assert diluted.estimate < est.loc[("table1_planted", "(2)", "robot_exposure")].estimate


def test_processing_exporters_add_less_value_at_home(demo):
    result, _ = demo
    est = result.estimates.set_index(["table_id", "column", "term"])
    for col in ("DVAR eq. (2)", "DVAR alt (UWZ, BEC)", "DVAR_uwz (planted)"):
        r = est.loc[("dvar_by_regime", col, "processing")]
        assert r.estimate < 0 and r.p_value < 0.01, col


def test_robustness_columns_do_what_they_say(demo, panel):
    result, _ = demo
    est = result.estimates.set_index(["table_id", "column", "term"])
    base = est.loc[("table1", "(4)", "robot")]
    crisis = est.loc[("table2", "(6) Crisis", "robot")]
    assert crisis.estimate == pytest.approx(base.estimate, rel=1e-9)                 # absorbed by year FE
    dropped = ("table2", "(6) Crisis", "crisis")
    assert dropped not in est.index or np.isnan(est.loc[dropped].estimate)
    assert est.loc[("table2", "(6b) without 2008-09", "robot")].nobs < base.nobs
    assert est.loc[("table2", "(3) Industry", "robot_ind")].nobs == (panel["panel"].is_industry_row == 1).sum()
    iv = est.xs(("table2", "(5) 2SLS"), level=(0, 1))
    assert "diag:first_stage_f:robot" in iv.index and iv.loc["diag:first_stage_f:robot"].estimate > 10
    alt = est.loc[("table2", "(1) DVAR alt", "robot")]
    assert alt.nobs > base.nobs                        # the DVAR without the 5%/NFA terms stays inside [0, 1]


def test_mediation_identity_holds_exactly(demo):
    result, _ = demo
    est = result.estimates.set_index(["table_id", "column", "term"]).estimate
    for m in ("Profitability", "Innovation"):
        c, c1, a, b = (est[("table6_effects", m, k)] for k in ("total", "direct", "a", "b"))
        assert abs(c - c1 - a * b) < 1e-12 and abs(est[("table6_effects", m, "identity_gap")]) < 1e-12


def test_report_puts_paper_and_planted_values_beside_ours(demo):
    result, truth = demo
    text = result.report_path.read_text(encoding="utf-8")
    for title in ("Table 1 — Baseline", "Table 2 — Robustness", "Table 3 — Heterogeneity by region",
                  "Table 4 — Heterogeneity by ownership", "Table 5 — Heterogeneity by industry factor intensity",
                  "Table 6 — Internal mechanism", "Table 7 — External mechanism", "Table 8 — Robots and the DVAR gap"):
        assert title in text, title
    assert "t-statistics in parentheses" in text and "0.0058*** (20.42)" in text
    n_judged = sum(1 for t in load_study(STUDY).tables for c in t.columns for r, k in c.truth.items()
                   if c.truth_checks.get(r, "auto") != "reference")
    assert f"{n_judged} of {n_judged} planted values recovered" in text
    assert set(result.estimates.table_id) >= {"table1", "table8", "table1_planted"}


def test_dvar_uwz_matches_the_planted_firm_dvar(demo_built):
    """The warehouse's DVAR_uwz (customs x survey through the matching layer, intermediary-adjusted
    imports) against the universe's own firm DVAR (truth_firms/firm_years.csv), firm by firm,
    through the matching layer's answer-key map (evaluation only). The universe computes it on
    each record's true HS1996 product; the warehouse can only know that product when the record's
    code links to one HS1996 code. A code linked to several (merged or reshuffled in HS2002-2012)
    goes to its product family (var firm_hs_link_rule), whose intermediary import share and end
    use pool the family's products. On firm-years whose records are all unambiguous the bulk is
    equal to rounding (misread intermediaries leave small differences); on the others the family
    pooling shifts DVAR by a fraction of a percentage point."""
    import duckdb

    con = duckdb.connect(str(demo_built.warehouse), read_only=True)
    p = con.execute("select firm_id, year, dvar_uwz from marts.panel_robots_dvar").df()
    m = con.execute("select firm_id, firm_uid from intermediate.int_firm__truth_firm_map").df()
    pooled = con.execute("""
        select distinct f.firm_id, f.year, true as pooled
        from intermediate.int_customs__flows_annual f
        join intermediate.int_customs__hs_base h on f.hs_vintage = h.hs_vintage and f.hs6 = h.hs6
        where h.family_size > 1""").df()
    con.close()
    t = pd.read_csv(demo_built.raw_dir / "truth_firms" / "firm_years.csv", usecols=["year", "firm_uid", "dvar_uwz"])
    x = p.merge(m, on="firm_id").merge(t, on=["firm_uid", "year"], suffixes=("", "_truth"))
    assert len(x) >= 0.95 * len(p)
    x = x.merge(pooled, on=["firm_id", "year"], how="left")
    x["diff"] = (x.dvar_uwz - x.dvar_uwz_truth).abs()
    exact = x.loc[x.pooled.isna(), "diff"]
    assert len(exact) > 0.2 * len(x), len(exact)
    assert exact.median() < 1e-4 and (exact < 1e-2).mean() > 0.9, exact.describe()
    assert x.loc[x.pooled.notna(), "diff"].median() < 1e-2, x.loc[x.pooled.notna(), "diff"].describe()


def test_suite_passes_on_the_panel_and_blocks_corruptions(panel):
    """The Great Expectations suite of panel_robots_dvar (the check `tradewh estimate` runs
    before estimating) passes on the built panel and fails, on the right expectation, when the
    panel is corrupted in ways dbt's key/format/identity tests do not see."""
    from expectations.runner import validate_frame

    p = panel["panel"]
    ok = validate_frame("panel_robots_dvar", p)
    assert ok.passed, ok.summary()
    swapped = p.dvar_uwz.where(p.exporter_type != "pure_processing", 0.99).where(
        p.exporter_type != "pure_ordinary", 0.3)
    cases = [
        (p[p.year != 2005], ("panel", "expect_column_distinct_values_to_equal_set", "year")),  # a year lost
        (p.assign(robot=None), ("panel", "expect_column_values_to_not_be_null", "robot")),
        (p.assign(robot=-p.robot), ("panel", "expect_column_values_to_be_between", "robot")),
        (p.assign(dvar_uwz=swapped),                                                # processing above ordinary
         ("summary", "expect_column_values_to_be_between", "processing_minus_ordinary_dvar_uwz")),
        (p[(p.year != 2006) | (p.index % 10 == 0)],                                  # a thin year
         ("years", "expect_column_values_to_be_between", "rows_vs_median")),
    ]
    for bad, failure in cases:
        outcome = validate_frame("panel_robots_dvar", bad.copy())
        got = {(f["frame"], f["expectation"], f.get("column")) for f in outcome.failures}
        assert not outcome.passed and failure in got, outcome.summary()
