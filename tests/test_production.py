"""tradewh.production.olley_pakes on a simulated production function: productivity ω follows an
AR(1), investment is a strictly increasing function of (ω, k), labour responds to ω (so OLS is
biased upward) with an independent wage shock (so β_l is identified in stage 1)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewh.production import olley_pakes, ols_tfp, polynomial

BL, BK, BM = 0.6, 0.3, 0.25


def simulate(seed: int, n_firms: int = 800, years: int = 10, exit_cut: float | None = None,
             materials: bool = False) -> pd.DataFrame:
    """Firms × years (5 burn-in years). With ``exit_cut`` a firm leaves before producing when
    ω_t < exit_cut − 0.5 (k_t − 2.5) (Olley–Pakes selection: bigger firms survive worse shocks)."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.5, n_firms)
    K = np.exp(rng.normal(2, 0.5, n_firms))
    alive = np.ones(n_firms, bool)
    out = []
    for t in range(-5, years):
        w = 0.7 * w + rng.normal(0, 0.3, n_firms)
        k = np.log(K)
        if exit_cut is not None and t >= 0:
            alive &= ~(w < exit_cut - 0.5 * (k - 2.5))
        i = -0.5 + 1.5 * w + 0.8 * k                               # monotone investment policy
        lab = 1.0 + 0.8 * w + 0.3 * k + rng.normal(0, 0.3, n_firms)  # labour: ω and a wage shock
        m = 0.5 + 1.0 * w + 0.5 * k + rng.normal(0, 0.3, n_firms)
        y = BL * lab + BK * k + w + (BM * m if materials else 0) + rng.normal(0, 0.1, n_firms)
        if t >= 0:
            out.append(pd.DataFrame({"firm": np.flatnonzero(alive), "year": 2000 + t, "y": y[alive], "l": lab[alive],
                                     "k": k[alive], "i": i[alive], "m": m[alive], "omega": w[alive]}))
        K = 0.9 * K + np.exp(i)
    return pd.concat(out, ignore_index=True)


def test_recovers_elasticities_where_ols_and_fe_do_not():
    df = simulate(1)
    op = olley_pakes(df)
    assert abs(op.beta_l - BL) < 0.02 and abs(op.beta_k - BK) < 0.03
    assert op.n_stage1 == len(df) and op.n_stage2 == len(df) - df["firm"].nunique()
    ols, fe = ols_tfp(df), ols_tfp(df, firm="firm")
    assert ols["beta_l"] - BL > 0.3 and fe["beta_l"] - BL > 0.3          # the transmission bias OP removes
    assert np.corrcoef(op.tfp, df["omega"])[0, 1] > 0.95
    assert np.allclose(op.tfp, df["y"] - op.beta_l * df["l"] - op.beta_k * df["k"])
    for order in (2, 4):                                               # the polynomial order barely matters
        alt = olley_pakes(df, poly_order=order)
        assert abs(alt.beta_l - BL) < 0.02 and abs(alt.beta_k - BK) < 0.03


def test_survival_correction_reduces_the_selection_bias_in_beta_k():
    plain, surv = [], []
    for seed in (1, 2, 3):
        df = simulate(seed, n_firms=1500, exit_cut=-0.3)
        assert df.groupby("firm").size().min() < 10                    # firms do exit
        plain.append(olley_pakes(df).beta_k)
        surv.append(olley_pakes(df, survival=True).beta_k)
    assert BK - np.mean(plain) > 0.02                                  # exit truncates bad shocks of small firms
    assert abs(np.mean(surv) - BK) < 0.015
    assert abs(np.mean(surv) - BK) < abs(np.mean(plain) - BK)
    # the exit indicator can be given instead of derived from the panel
    df = simulate(4, n_firms=1500, exit_cut=-0.3)
    nxt = df.assign(year=df["year"] - 1)[["firm", "year"]].assign(seen=1)
    df = df.merge(nxt, on=["firm", "year"], how="left")
    df["exit"] = df["seen"].isna().astype(float)
    a, b = olley_pakes(df, survival=True), olley_pakes(df, survival=True, exit="exit")
    assert a.beta_k == pytest.approx(b.beta_k, abs=1e-9)


def test_gross_output_bootstrap_and_errors():
    df = simulate(5, materials=True)
    go = olley_pakes(df, value_added=False, materials="m")
    assert abs(go.beta_l - BL) < 0.02 and abs(go.beta_m - BM) < 0.02 and abs(go.beta_k - BK) < 0.03
    small = simulate(6, n_firms=200)
    a = olley_pakes(small, bootstrap=4, seed=9)
    b = olley_pakes(small, bootstrap=4, seed=9)
    assert a.se == b.se and 0 < a.se["beta_l"] < 0.1 and 0 < a.se["beta_k"] < 0.2
    with pytest.raises(ValueError, match="materials"):
        olley_pakes(df, value_added=False)
    with pytest.raises(ValueError, match="no exits"):
        olley_pakes(simulate(1), survival=True)
    P = polynomial([np.array([1.0, 2.0]), np.array([3.0, 5.0])], 2)
    assert P.tolist() == [[1, 1, 3, 1, 3, 9], [1, 2, 5, 4, 10, 25]]
