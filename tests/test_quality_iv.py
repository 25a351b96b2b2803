"""tradewh.quality_iv: the leave-one-destination-out instrument against a brute-force loop, and
the per-product 2SLS against linearmodels IV2SLS with explicit destination×year dummies, product
by product; skipped products, singletons, σ̂ ≤ 1, and recovery of a planted σ."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from linearmodels.iv import IV2SLS

from tradewh.quality_iv import leave_one_out_mean, product_iv

SIGMA = 3.0


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    """Firm × HS6 × destination × year. Prices carry a firm-product cost shared across destinations
    (what the instrument picks up) and destination-specific quality λ (the endogeneity: quality
    raises both price and demand). Product 3 has σ = 0.5; product 4 has too few rows; product 5's
    instrument varies only by destination×year (absorbed); product 6 has ln RGDP constant;
    product 14 has only singleton cells."""
    rng = np.random.default_rng(11)
    rows = []
    for g in range(14):
        firms = 3 if g == 4 else rng.integers(8, 30)
        for f in range(firms):
            for d in rng.choice(10, size=rng.integers(1, 5), replace=False):
                for t in range(2010, 2015):
                    if rng.random() < 0.8:
                        rows.append((g, f, d, t))
    rows += [(14, f, f, 2010 + f) for f in range(4)]        # product 14: every row alone in its cell
    df = pd.DataFrame(rows, columns=["hs6", "firm", "dest", "year"])
    n = len(df)
    cost = rng.normal(size=15 * 40)[df["hs6"] * 40 + df["firm"]] + rng.normal(0, 0.3, n)
    lam = rng.normal(0, 0.5, n)
    sigma = np.where(df["hs6"] == 3, 0.5, SIGMA)
    df["lnp"] = cost + 0.4 * lam
    df["ln_rgdp"] = np.where(df["hs6"] == 6, 1.0, rng.normal(size=n))
    chi = rng.normal(size=10 * 5)[df["dest"] * 5 + df["year"] - 2010]
    df["lnq"] = -sigma * df["lnp"] + (sigma - 1) * lam + 0.3 * df["ln_rgdp"] + chi + rng.normal(0, 0.2, n)
    df["lnp_loo"] = leave_one_out_mean(df["lnp"], [df["firm"], df["hs6"], df["year"]], [df["dest"]])
    five = df["hs6"] == 5
    df.loc[five, "lnp_loo"] = (df.loc[five, "dest"] * 0.1 + df.loc[five, "year"] * 0.01).astype(float)
    df.loc[df.sample(frac=0.02, random_state=1).index, "lnq"] = np.nan
    return df


def test_leave_one_out_mean_matches_a_loop():
    rng = np.random.default_rng(3)
    n = 300
    firm, prod, year, dest = (rng.integers(0, k, n) for k in (5, 3, 2, 4))
    v = rng.normal(size=n)
    v[::17] = np.nan
    w = rng.random(n)
    for weights in (None, w):
        got = leave_one_out_mean(v, [firm, prod, year], [dest], weights)
        for i in range(n):
            same = (firm == firm[i]) & (prod == prod[i]) & (year == year[i]) & (dest != dest[i]) & np.isfinite(v)
            ww = np.ones(n) if weights is None else weights
            want = np.sum(ww[same] * v[same]) / np.sum(ww[same]) if same.any() else np.nan
            assert (np.isnan(got[i]) and np.isnan(want)) or abs(got[i] - want) < 1e-12


def _linearmodels(df: pd.DataFrame, g: int, exog: list[str], cov: str):
    d = df[(df["hs6"] == g)].dropna(subset=["lnq", "lnp", "lnp_loo", *exog])
    cells = d["dest"].astype(str) + "_" + d["year"].astype(str)
    d = d[cells.map(cells.value_counts()) > 1]                      # singletons: not identified
    cells = d["dest"].astype(str) + "_" + d["year"].astype(str)
    ex = pd.concat([pd.Series(1.0, index=d.index, name="const"), d[exog],
                    pd.get_dummies(cells, drop_first=True, dtype=float)], axis=1)
    return d, IV2SLS(d["lnq"], ex, d["lnp"], d["lnp_loo"]).fit(cov_type=cov, debiased=True)


@pytest.mark.parametrize("g", [0, 1, 2, 3, 7, 9, 12])
def test_each_product_matches_linearmodels(flows, g):
    res = product_iv(flows)
    pr = res.products.set_index("hs6").loc[g]
    d, m = _linearmodels(flows, g, ["ln_rgdp"], "unadjusted")
    assert pr["status"] == "ok" and pr["n"] == len(d)
    assert abs(pr["beta_lnp"] - m.params["lnp"]) < 1e-8
    assert abs(pr["se_beta"] - m.std_errors["lnp"]) < 1e-8
    assert abs(pr["phi_ln_rgdp"] - m.params["ln_rgdp"]) < 1e-8
    assert pr["sigma"] == -pr["beta_lnp"]
    eps = res.obs.loc[d.index, "eps"]
    assert np.abs(eps - m.resids).max() < 1e-8
    diag = m.first_stage.diagnostics.loc["lnp"]
    assert pr["fs_f"] == pytest.approx(diag["f.stat"], rel=1e-8)
    assert abs(pr["fs_coef"] - m.first_stage.individual["lnp"].params["lnp_loo"]) < 1e-8
    robust = _linearmodels(flows, g, ["ln_rgdp"], "robust")[1].first_stage.diagnostics.loc["lnp"]
    assert pr["fs_f_hc1"] == pytest.approx(robust["f.stat"], rel=1e-8)   # one instrument: Wald = F
    q = res.obs.loc[d.index, "quality"]
    if pr["sigma"] > 1:
        assert np.allclose(q, eps / (pr["sigma"] - 1), atol=1e-12)
    else:
        assert q.isna().all() and eps.notna().all() and pr["reason"] == "sigma_le_1"


def test_skips_singletons_and_collinear_controls(flows):
    res = product_iv(flows)
    p = res.products.set_index("hs6")
    assert p.index.is_unique and set(p.index) == set(flows["hs6"])     # every product once
    assert (p.loc[4, "status"], p.loc[4, "reason"]) == ("skipped", "too_few_obs")
    assert (p.loc[14, "status"], p.loc[14, "n"]) == ("skipped", 0)
    assert (p.loc[5, "status"], p.loc[5, "reason"]) == ("skipped", "instrument_no_variation")
    assert res.obs.loc[flows["hs6"].isin([4, 5]).to_numpy(), "eps"].isna().all()
    # ln RGDP constant within product 6: dropped there, the rest as without it
    assert (p.loc[6, "status"], p.loc[6, "reason"]) == ("ok", "exog_dropped")
    d, m = _linearmodels(flows, 6, [], "unadjusted")
    assert abs(p.loc[6, "beta_lnp"] - m.params["lnp"]) < 1e-8
    assert abs(p.loc[6, "se_beta"] - m.std_errors["lnp"]) < 1e-8
    st = res.obs["status"]
    assert set(st) == {"ok", "missing", "singleton", "skipped"}
    assert res.obs.loc[st == "singleton", "eps"].isna().all() and res.obs.loc[st == "missing", "eps"].isna().all()
    assert (flows["lnq"].isna() | flows["lnp_loo"].isna()).sum() == (st == "missing").sum()


def test_recovers_the_planted_elasticity(flows):
    p = product_iv(flows).products
    ok = p[(p["status"] == "ok") & (p["hs6"] != 3)]
    assert abs(ok["sigma"].median() - SIGMA) < 0.3
    assert (np.abs(ok["sigma"] - SIGMA) < 4 * ok["se_beta"]).mean() > 0.8
