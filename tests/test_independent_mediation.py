"""The mediation estimator (analysis/estimators/mediation.py) against independent computations.

- Sobel: the delta method for a·b, gradient (b, a) times the covariance of (a, b) taken from two
  separately fitted statsmodels OLS regressions with explicit province and year dummies (separate
  equations: the covariance is block-diagonal, as the Sobel test assumes), under the column's
  vcov — iid (paper 003's default) and CRV1 by province with reghdfe's small-sample factor
  (tests/independent_ols.py). z = a·b / se, p from erfc, interval a·b ± 1.959964 se.
- Cluster bootstrap: the same resampled clusters (numpy's default_rng(seed), one
  ``integers(0, G, G)`` per replication over the clusters in order of first appearance, a cluster
  drawn twice getting two fixed effects), each draw refitted by least squares on explicit dummies
  (numpy); our draws,
  bootstrap SE (ddof 1), percentile interval (linear interpolation between order statistics,
  numpy's default, written out here) and p-value are compared with the refits.
- The p-value floor: with no draw on the other side of zero the two-sided bootstrap p is 0, which
  the code floors at 1/B (B = finite draws); one draw across zero gives 2/B. Tested exactly at the
  boundary: B = the index of the first draw that crosses zero (floor binds) and B + 1 (it does not).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from independent_ols import P_TOL, TOL, normal_p, ref_ols  # TOL: pyfixest's demeaner accuracy
from test_province_estimation import _column  # y ~ dig + x1 | province+year, mediator m, cluster province

from analysis.estimators.mediation import bootstrap_indirect, fit_mediation

X_COLS = ["dig", "x1"]
FES = ["province", "year"]


def _panel(seed: int, a: float, b: float, n_prov: int = 24, years: int = 10) -> pd.DataFrame:
    """Unbalanced province x year panel (about 12% of rows missing, at least 6 years per province)
    with the chain dig → m (a) → y (b), province and year effects, province-correlated errors."""
    r = np.random.default_rng(seed)
    prov, year = np.repeat(np.arange(n_prov), years), np.tile(np.arange(2011, 2011 + years), n_prov)
    keep = (r.random(prov.size) > 0.12) | (year < 2011 + 6)
    prov, year = prov[keep], year[keep]
    fe_p, fe_t = r.normal(0, 1, n_prov)[prov], r.normal(0, 0.5, years)[year - 2011]
    u_p = r.normal(0, 0.3, n_prov)[prov]
    n = prov.size
    dig = 0.4 * fe_p + 0.3 * fe_t + r.normal(0, 0.3, n)
    x1 = r.normal(0, 1, n)
    m = fe_p + a * dig + 0.3 * x1 + u_p + r.normal(0, 0.4, n)
    y = fe_p + fe_t + 0.5 * dig + b * m - 0.2 * x1 + u_p + r.normal(0, 0.3, n)
    # provinces as strings in shuffled order: the order of first appearance is not the sort order
    names = np.array([f"p{k:02d}" for k in r.permutation(n_prov)])
    df = pd.DataFrame({"province": names[prov], "year": year, "dig": dig, "x1": x1, "m": m, "y": y})
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def med_panel() -> pd.DataFrame:
    return _panel(20261203, a=1.5, b=0.1)


@pytest.mark.parametrize("vcov", ["iid", {"CRV1": "province"}])
def test_sobel_matches_delta_method_on_statsmodels_fits(med_panel, vcov):
    col = dataclasses.replace(_column(bootstrap=0), vcov=vcov)
    ours = fit_mediation(med_panel, col).coefs.set_index("term")

    fit_a = ref_ols(med_panel, "m", X_COLS, FES, vcov)                  # M ~ d + X | fe
    fit_b = ref_ols(med_panel, "y", ["m"] + X_COLS, FES, vcov)          # y ~ d + M + X | fe
    a, b = fit_a.params["dig"], fit_b.params["m"]
    sigma = np.diag([fit_a.vcov.loc["dig", "dig"], fit_b.vcov.loc["m", "m"]])  # separate equations
    grad = np.array([b, a])                                              # ∂(ab)/∂(a, b)
    se = math.sqrt(grad @ sigma @ grad)
    z = a * b / se

    assert ours.loc["a", "estimate"] == pytest.approx(a, rel=TOL)
    assert ours.loc["b", "estimate"] == pytest.approx(b, rel=TOL)
    assert ours.loc["a", "std_error"] == pytest.approx(fit_a.se("dig"), rel=TOL)
    assert ours.loc["b", "std_error"] == pytest.approx(fit_b.se("m"), rel=TOL)
    ind = ours.loc["indirect"]
    assert ind.estimate == pytest.approx(a * b, rel=TOL)
    assert ind.std_error == pytest.approx(se, rel=TOL)
    assert ind.statistic == pytest.approx(z, rel=TOL)
    assert ind.p_value == pytest.approx(normal_p(z), rel=P_TOL)
    q = 1.959963984540054                                                # Φ⁻¹(0.975)
    # an interval end near zero has the error of a·b and the SE, not a relative error of its own
    assert (ind.conf_low, ind.conf_high) == pytest.approx((a * b - q * se, a * b + q * se),
                                                          abs=TOL * (abs(a * b) + 3 * se))


def _onehot(codes: np.ndarray) -> np.ndarray:
    """Dummies of every level but the first (in sort order) of a code vector."""
    levels = np.unique(codes)
    return (codes[:, None] == levels[None, 1:]).astype(float)


def _ref_draws(df: pd.DataFrame, reps: int, seed: int, stop_at_crossing: bool = False) -> np.ndarray:
    """a·b refitted by least squares with explicit dummies (numpy) on the clusters numpy's
    generator draws for `seed`."""
    clusters = list(dict.fromkeys(df["province"]))          # order of first appearance
    rows = [np.flatnonzero((df["province"] == c).to_numpy()) for c in clusters]
    y, m, year = df["y"].to_numpy(float), df["m"].to_numpy(float), df["year"].to_numpy()
    X = df[X_COLS].to_numpy(float)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(reps):
        pick = rng.integers(0, len(clusters), len(clusters))
        idx = np.concatenate([rows[u] for u in pick])
        draw = np.repeat(np.arange(len(pick)), [len(rows[u]) for u in pick])   # a cluster drawn twice: two FE
        D = np.column_stack([np.ones(len(idx)), _onehot(draw), _onehot(year[idx])])
        A = np.column_stack([X[idx], D])                    # M ~ d + X + dummies
        B = np.column_stack([m[idx], A])                    # y ~ M + d + X + dummies
        assert np.linalg.matrix_rank(B) == B.shape[1]
        a = np.linalg.lstsq(A, m[idx], rcond=None)[0][0]
        b = np.linalg.lstsq(B, y[idx], rcond=None)[0][0]
        out.append(a * b)
        if stop_at_crossing and a * b <= 0:
            break
    return np.array(out)


def _percentile(x: np.ndarray, q: float) -> float:
    """Linear interpolation between order statistics at h = (B − 1) q (Hyndman–Fan type 7)."""
    s = np.sort(x)
    h = (len(s) - 1) * q
    lo = math.floor(h)
    return float(s[lo] + (h - lo) * (s[min(lo + 1, len(s) - 1)] - s[lo]))


def test_cluster_bootstrap_matches_refits_on_the_same_resampled_clusters(med_panel):
    reps, seed = 199, 11
    col = _column(bootstrap=reps, seed=seed)
    ref = _ref_draws(med_panel, reps, seed)
    assert len(np.unique(np.round(ref, 12))) > reps * 0.9    # the draws really differ

    draws = bootstrap_indirect(med_panel, col, "dig", "m", reps, seed, "province")
    np.testing.assert_allclose(draws, ref, rtol=1e-9, atol=1e-12)

    boot = fit_mediation(med_panel, col).coefs.set_index("term").loc["indirect_boot"]
    assert boot.std_error == pytest.approx(ref.std(ddof=1), rel=1e-9)
    assert boot.conf_low == pytest.approx(_percentile(ref, 0.025), rel=1e-9)
    assert boot.conf_high == pytest.approx(_percentile(ref, 0.975), rel=1e-9)
    assert (ref <= 0).any()                                  # some draws cross zero: p above its floor
    share = min((ref <= 0).sum(), (ref >= 0).sum()) / reps
    assert boot.p_value == pytest.approx(max(2 * share, 1 / reps), rel=1e-12)


def test_bootstrap_p_value_floor_at_the_boundary():
    """Weak mediation: the first draw that crosses zero is draw j (1-based, found on the refits).
    With B = j − 1 draws none crosses (p floored at 1/B); with B = j one does (p = 2/B)."""
    df = _panel(20261204, a=0.45, b=0.12)
    seed = 5
    ref = _ref_draws(df, 400, seed, stop_at_crossing=True)
    j = len(ref)
    assert ref[-1] <= 0 and (ref[:-1] > 0).all() and j >= 3, "design must put a crossing draw within 400"
    ab = fit_mediation(df, _column(bootstrap=0)).coefs.set_index("term").loc["indirect", "estimate"]
    assert ab > 0

    below = fit_mediation(df, _column(bootstrap=j - 1, seed=seed)).coefs.set_index("term").loc["indirect_boot"]
    at = fit_mediation(df, _column(bootstrap=j, seed=seed)).coefs.set_index("term").loc["indirect_boot"]
    assert below.p_value == 1 / (j - 1)          # no draw crosses zero: the floor 1/B
    assert at.p_value == 2 / j                   # one draw crosses: 2 · 1/B, floor not binding
    assert at.std_error == pytest.approx(ref.std(ddof=1), rel=1e-9)
