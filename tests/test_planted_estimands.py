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
    assert cmp.loc["d", "estimand"] == "weighted_effect" and "regression-weighted effect" in cmp.loc["d", "truth_text"]
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


def _ksw_universe(tmp_path, sigma=4.0, kappa=0.5, seed=3):
    """A small paper-000 universe with nothing but the planted parts: ln lambda = tau (the
    effect), ln p = kappa ln lambda, ln q = (sigma-1) ln lambda - sigma ln p - sigma ln(1 + t),
    on an unbalanced importer x hs6 x year sample; the answer key lists every flow."""
    r = np.random.default_rng(seed)
    rows = [(i, h, y) for i in ("AAA", "BBB", "CCC", "DDD") for h in ("010101", "020202", "030303")
            for y in range(2012, 2018) if r.random() < 0.8]
    key = pd.DataFrame(rows, columns=["importer", "hs6", "year"])
    key["effect"] = np.where((key.year >= 2015) & (key.hs6 != "030303"), r.normal(0.2, 0.1, len(key)), 0.0)
    key["ln_tariff"] = np.log1p(r.uniform(0, 0.3, len(key)))
    (tmp_path / "truth_macro").mkdir()
    key.to_csv(tmp_path / "truth_macro" / "flow_effects.csv", index=False)
    ln_p = kappa * key["effect"]
    ln_q = (sigma - 1) * key["effect"] - sigma * ln_p - sigma * key["ln_tariff"]
    dummies = pd.get_dummies(pd.DataFrame({"h": key.hs6, "iy": key.importer + key.year.astype(str)}),
                             drop_first=True, dtype=float)
    X = np.column_stack([np.ones(len(key)), dummies.to_numpy()])
    panel = key[["importer", "hs6", "year"]].copy()
    for s in (3, 5):                       # KSW with an assumed sigma s, from scratch with dummies
        y = (ln_q + s * ln_p).to_numpy()
        panel[f"quality_raw_s{s}"] = (y - X @ np.linalg.lstsq(X, y, rcond=None)[0]) / (s - 1)
    con = duckdb.connect()
    con.register("int_quality__ksw_residuals", key[["importer", "hs6", "year"]])
    con.register("panel_ai_policy_quality", panel)
    truth = {"studies": {"ai_policy_quality": {"sigma": sigma, "kappa": kappa}}}
    return con, panel, key, truth


def test_ksw_rule_replays_the_first_stage_with_the_tariff_term(tmp_path):
    """The rule's planted part of raw KSW quality equals the quality a from-scratch first stage
    (explicit dummies) computes from the planted parts alone, for the universe's sigma and another."""
    con, panel, key, truth = _ksw_universe(tmp_path)
    out = planted_mod.ksw_quality(fetch_from(con), tmp_path, truth)
    merged = panel.merge(out, on=["importer", "hs6", "year"], suffixes=("", "_rule"))
    assert len(merged) == len(panel)
    for s in (3, 5):
        np.testing.assert_allclose(merged[f"quality_raw_s{s}_rule"], merged[f"quality_raw_s{s}"], atol=1e-10)
    flat = key.assign(effect=0.0)
    flat.to_csv(tmp_path / "truth_macro" / "flow_effects.csv", index=False)
    tariff_only = planted_mod.ksw_quality(fetch_from(con), tmp_path, truth)
    assert tariff_only["quality_raw_s3"].abs().max() > 0.01   # the tariff term is carried, not dropped


def test_ksw_rule_needs_every_first_stage_row_in_the_key(tmp_path):
    con, panel, key, truth = _ksw_universe(tmp_path)
    key.iloc[1:].to_csv(tmp_path / "truth_macro" / "flow_effects.csv", index=False)
    with pytest.raises(SpecError, match="1 KSW rows have no flow in the answer key"):
        planted_mod.ksw_quality(fetch_from(con), tmp_path, truth)
