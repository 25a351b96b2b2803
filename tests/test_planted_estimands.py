"""The estimand of a specification under heterogeneous planted effects (analysis.planted).

Staggered adoption with effects growing in time since treatment: a two-way FE DID does not
estimate the simple mean effect over treated rows. Its estimand is checked three ways: against
the Frisch–Waugh weights computed from scratch with explicit dummies (numpy), against the mean
of the estimates over many noise draws, and in the comparison (truth `estimand`)."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis import SpecError, fetch_from, load_study, run_study
from analysis import planted as planted_mod
from analysis.core.schema import diag_term
from analysis.reporting.compare import compare_regression

UNITS, YEARS = 40, np.arange(2010, 2020)


def _design(seed: int = 1) -> pd.DataFrame:
    r = np.random.default_rng(seed)
    U, Y = (a.ravel() for a in np.meshgrid(np.arange(UNITS), YEARS, indexing="ij"))
    start = np.where(np.arange(UNITS) < 10, 2013, np.where(np.arange(UNITS) < 25, 2016, 9999))[U]
    d = (Y >= start).astype(float)
    lead = ((Y >= start - 2) & (Y < start)).astype(float)          # a placebo: two years before adoption
    tau = d * (0.1 + 0.05 * (Y - start).clip(0) + r.normal(0, 0.03, UNITS)[U])   # grows with exposure
    alpha, gamma = r.normal(0, 1, UNITS)[U], 0.02 * (Y - 2010)
    return pd.DataFrame({"unit": [f"u{u}" for u in U], "year": Y, "d": d, "lead": lead, "tau": tau,
                         "base": alpha + gamma})


def _fwl_coefficient(df: pd.DataFrame, target: str, others: list[str], outcome: np.ndarray) -> float:
    """Coefficient of `target` in OLS of outcome on target, others and unit + year dummies."""
    dummies = pd.get_dummies(df[["unit", "year"]].astype(str), drop_first=True, dtype=float)
    X = np.column_stack([df[[target, *others]].to_numpy(), np.ones(len(df)), dummies.to_numpy()])
    return float(np.linalg.lstsq(X, outcome, rcond=None)[0][0])


@pytest.fixture
def rule(monkeypatch):
    """A planted-effects rule for the test panel: the effect tau on the outcome y."""
    df = _design()
    monkeypatch.setitem(planted_mod.PLANTED_EFFECTS, "unit_test",
                        (["unit", "year"], lambda fetch, raw_dir, truth: df[["unit", "year", "tau"]]
                         .rename(columns={"tau": "y"})))
    return df


def _study(truth_d: dict, formula: str = "y ~ d | unit+year") -> dict:
    return {"study": "het", "title": "t", "panel": "panel_het", "planted_effects": "unit_test",
            "defaults": {"vcov": "iid"},
            "tables": [{"id": "t1", "rows": ["d", "lead"], "columns": [
                {"name": "(1)", "formula": formula, "truth": truth_d}]}]}


def test_weighted_effect_is_the_fwl_weighted_mean_not_the_simple_mean(rule, tmp_path):
    df = rule.assign(y=rule["base"] + rule["tau"] + np.random.default_rng(9).normal(0, 0.05, len(rule)))
    con = duckdb.connect()
    con.register("panel_het", df)
    truth = {"studies": {"het": {"att": float(df.loc[df.d == 1, "tau"].mean()), "zero": 0}}}
    spec = _study({"d": {"key": "studies.het.att", "estimand": "weighted_effect"},
                   "lead": {"key": "studies.het.zero", "estimand": "planted_plus_effect"}},
                  "y ~ d + lead | unit+year")
    res = run_study(load_study(spec), fetch_from(con), tmp_path, truth=truth, raw_dir=tmp_path)
    est = res.estimates.set_index("term")
    load_d = est.loc[diag_term("planted_effect", "d"), "estimate"]
    load_lead = est.loc[diag_term("planted_effect", "lead"), "estimate"]
    # independent: Frisch-Waugh with explicit dummies on the per-row effects
    assert load_d == pytest.approx(_fwl_coefficient(df, "d", ["lead"], df["tau"].to_numpy()), abs=1e-10)
    assert load_lead == pytest.approx(_fwl_coefficient(df, "lead", ["d"], df["tau"].to_numpy()), abs=1e-10)
    simple = truth["studies"]["het"]["att"]
    assert abs(load_d - simple) > 0.05             # the design makes the two estimands differ
    assert abs(load_lead) > 0.02                   # and the placebo term pick up part of the effects
    cmp = compare_regression(res.study.table("t1"), res.estimates, truth).set_index("term")
    assert cmp.loc["d", "truth_value"] == pytest.approx(load_d) and cmp.loc["d", "planted_value"] == simple
    assert cmp.loc["lead", "truth_value"] == pytest.approx(0 + load_lead)
    assert cmp.loc["d", "estimand"] == "weighted_effect" and "simple mean" in cmp.loc["d", "truth_text"]
    assert bool(cmp.loc["d", "covers"]) and bool(cmp.loc["lead", "covers"])


def test_estimates_average_to_the_estimand_over_noise_draws(rule):
    """Monte Carlo: the mean coefficient over 300 noise draws sits on the regression-weighted
    effect (within 4 Monte Carlo SE) and far from the simple mean."""
    df, r = rule, np.random.default_rng(4)
    est = [_fwl_coefficient(df, "d", [], (df["base"] + df["tau"] + r.normal(0, 0.2, len(df))).to_numpy())
           for _ in range(300)]
    weighted = _fwl_coefficient(df, "d", [], df["tau"].to_numpy())
    mc_se = np.std(est, ddof=1) / np.sqrt(len(est))
    assert abs(np.mean(est) - weighted) < 4 * mc_se
    assert abs(np.mean(est) - df.loc[df.d == 1, "tau"].mean()) > 20 * mc_se


def test_without_effects_the_cell_is_not_judged(rule, tmp_path, monkeypatch):
    monkeypatch.setitem(planted_mod.PLANTED_EFFECTS, "unit_test", (["unit", "year"], lambda *a: None))
    df = rule.assign(y=rule["base"] + rule["tau"])
    con = duckdb.connect()
    con.register("panel_het", df)
    truth = {"studies": {"het": {"att": 0.2}}}
    res = run_study(load_study(_study({"d": {"key": "studies.het.att", "estimand": "weighted_effect"}})),
                    fetch_from(con), tmp_path, truth=truth, raw_dir=tmp_path)
    cmp = compare_regression(res.study.table("t1"), res.estimates, truth).set_index("term")
    assert cmp.loc["d", "covers"] is None and pd.isna(cmp.loc["d", "truth_value"])
    assert "estimand missing" in cmp.loc["d", "truth_text"]


def test_spec_errors():
    with pytest.raises(SpecError, match="estimand must be one of"):
        load_study(_study({"d": {"key": "studies.het.att", "estimand": "mean"}}))
    bare = _study({"d": {"key": "studies.het.att", "estimand": "weighted_effect"}})
    del bare["planted_effects"]
    with pytest.raises(SpecError, match="needs the study's planted_effects rule"):
        load_study(bare)
    with pytest.raises(SpecError, match="unknown rule"):
        load_study({**bare, "planted_effects": "nope"})
    with pytest.raises(SpecError, match="scale or estimand"):
        load_study(_study({"d": {"key": "k", "scale": "s", "estimand": "weighted_effect"}}))
