"""psmatch2-style kernel matching and PSM-DID against direct computations on a small case.

Independent references: statsmodels Logit for the score, an O(n_t·n_c) kernel matrix written
from psmatch2's description (not our prefix sums) for the weights and the support, statsmodels
OLS/WLS for pstest's balance statistics, and a statsmodels WLS with explicit dummies on the
matched sample for the weighted DID (CRV1 small-sample factor applied by hand, as in
test_analysis_estimators.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import ESTIMATORS, SpecError, load_study
from analysis.estimators.psm import balance, common_support, kernel_weights, match
from analysis.spec.psm import parse_options

COVS = ["x1", "x2", "x3"]
KERNEL_FUNCS = {"epan": lambda u: 1 - u ** 2, "biweight": lambda u: (1 - u ** 2) ** 2,
                "uniform": lambda u: np.ones_like(u)}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """hs6 × importer × year; treat by hs6; covariates shifted for the treated so the tails
    of the score lie outside the other group's range (common support bites)."""
    rng = np.random.default_rng(2024)
    H, IMP, Y = (a.ravel() for a in np.meshgrid(np.arange(40), np.arange(5), np.arange(2012, 2018), indexing="ij"))
    keep = rng.random(H.size) < 0.85
    H, IMP, Y = H[keep], IMP[keep], Y[keep]
    treat = (H % 5 < 3).astype(int)
    x1 = 0.9 * treat + rng.normal(size=H.size)
    x2 = rng.normal(size=H.size) - 0.5 * treat
    x3 = (rng.random(H.size) < 0.3 + 0.2 * treat).astype(float)
    did = treat * (Y >= 2015)
    y = 0.25 * did + 0.1 * x1 + rng.normal(0, 0.3, 40)[H] + rng.normal(0, 0.2, 5)[IMP] + 0.02 * (Y - 2012) \
        + rng.normal(0, 0.2, H.size)
    return pd.DataFrame({"hs6": [f"h{h:02d}" for h in H], "importer": [f"i{i}" for i in IMP], "year": Y,
                         "treat": treat, "did": did, "x1": x1, "x2": x2, "x3": x3, "y": y})


def _sm_pscore(df: pd.DataFrame) -> np.ndarray:
    X = sm.add_constant(df[COVS].to_numpy())
    fit = sm.Logit(df["treat"].to_numpy(), X).fit(method="newton", tol=1e-14, maxiter=200, disp=0)
    return fit.predict(X)


def _brute(p, treated, rule, h, kernel):
    """psmatch2 by the book: support from the full groups' ranges, then a loop over treated."""
    on = np.ones(len(p), bool)
    if rule != "none":
        on[treated] = (p[treated] >= p[~treated].min()) & (p[treated] <= p[~treated].max())
        if rule == "both":
            on[~treated] = (p[~treated] >= p[treated].min()) & (p[~treated] <= p[treated].max())
    t, c = np.flatnonzero(treated & on), np.flatnonzero(~treated & on)
    w = np.zeros(len(p))
    w[t] = 1.0
    support = on.copy()
    for i in t:
        u = (p[c] - p[i]) / h
        k = np.where(np.abs(u) <= 1, KERNEL_FUNCS[kernel](u), 0.0)
        if not (np.abs(u) <= 1).any() or k.sum() <= 0:
            support[i], w[i] = False, 0.0
            continue
        w[c] += k / k.sum()
    w[(w == 0) | ~support] = np.nan
    return w, support


def test_logit_score_equals_statsmodels(panel):
    m = match(panel, parse_options({"covariates": COVS}))
    np.testing.assert_allclose(m.pscore, _sm_pscore(panel), rtol=0, atol=1e-10)
    assert m.used.all() and set(m.coef) == {"_cons", *COVS}


@pytest.mark.parametrize("kernel,h,rule", [("epan", 0.06, "both"), ("epan", 0.01, "treated"),
                                           ("epan", 0.2, "none"), ("biweight", 0.03, "both"),
                                           ("uniform", 0.02, "both")])
def test_kernel_weights_and_support_equal_brute_force(panel, kernel, h, rule):
    p = _sm_pscore(panel)
    treated = panel["treat"].to_numpy() == 1
    w_ref, s_ref = _brute(p, treated, rule, h, kernel)
    w, s = kernel_weights(p, treated, common_support(p, treated, rule), h, kernel)
    np.testing.assert_array_equal(np.isnan(w), np.isnan(w_ref))
    np.testing.assert_allclose(w[~np.isnan(w)], w_ref[~np.isnan(w_ref)], rtol=0, atol=1e-10)
    np.testing.assert_array_equal(s, s_ref)
    # the case exercises what it claims: trimming, treated without a control in the bandwidth, unmatched controls
    if rule != "none":
        assert (~s_ref & treated).any() and (~s_ref & ~treated).any() == (rule == "both")
    if h <= 0.01:
        on = common_support(p, treated, rule)
        assert (on & ~s_ref & treated).any()
    assert np.nansum(w[~treated]) == pytest.approx((~np.isnan(w) & treated).sum(), abs=1e-9)


def test_match_end_to_end_against_independent_pipeline(panel):
    m = match(panel, parse_options({"covariates": COVS, "kernel": "epanechnikov", "bandwidth": 0.06}))
    w_ref, s_ref = _brute(_sm_pscore(panel), panel["treat"].to_numpy() == 1, "both", 0.06, "epan")
    np.testing.assert_allclose(np.nan_to_num(m.weight, nan=-1), np.nan_to_num(w_ref, nan=-1), rtol=0, atol=1e-10)
    np.testing.assert_array_equal(m.support, s_ref)
    assert m.counts["n_treated_matched"] == (~np.isnan(w_ref) & (panel["treat"] == 1)).sum()


def test_balance_statistics_equal_statsmodels_regressions(panel):
    opts = parse_options({"covariates": COVS})
    m = match(panel, opts)
    b = balance(panel, opts, m).set_index(["variable", "statistic"])["value"]
    treat = panel["treat"].to_numpy()
    after = ~np.isnan(m.weight)
    for var in COVS:
        x = panel[var].to_numpy()
        ols = sm.OLS(x, sm.add_constant(treat)).fit()
        wls = sm.WLS(x[after], sm.add_constant(treat[after]), weights=m.weight[after]).fit()
        for phase, fit in (("before", ols), ("after", wls)):
            assert b[(var, f"se_{phase}")] == pytest.approx(fit.bse[1], abs=1e-10)
            assert b[(var, f"t_{phase}")] == pytest.approx(fit.tvalues[1], abs=1e-10)
            assert b[(var, f"p_value_{phase}")] == pytest.approx(fit.pvalues[1], abs=1e-10)
            assert b[(var, f"treated_mean_{phase}")] - b[(var, f"control_mean_{phase}")] == \
                pytest.approx(fit.params[1], abs=1e-10)
        assert b[(var, "treated_mean_after")] == pytest.approx(x[after & (treat == 1)].mean(), abs=1e-12)
        assert b[(var, "control_mean_after")] == pytest.approx(
            np.average(x[after & (treat == 0)], weights=m.weight[after & (treat == 0)]), abs=1e-12)
    # kernel matching balances the score it matched on far better than before
    assert abs(b[("_pscore", "t_after")]) < 0.2 * abs(b[("_pscore", "t_before")])


def _column(formula: str, **psm):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t", "columns": [{"name": "c", "formula": formula, "estimator": "psm_did",
                                                "vcov": {"CRV1": "hs6"},
                                                "options": {"psm": {"covariates": COVS, **psm}}}]}]}
    return load_study(spec).tables[0].columns[0]


def _crv1(fit_sm, N, G, K):
    return np.sqrt(np.diag(fit_sm.cov_params()) * (N - 1) / (N - K) * G / (G - 1))


@pytest.mark.parametrize("regression", ["weighted", "matched", "support"])
def test_psm_did_equals_statsmodels_wls_with_dummies(panel, regression):
    col = _column("y ~ did + x1 | hs6+importer+year", regression=regression, bandwidth=0.01)
    res = ESTIMATORS["psm_did"].fit(panel, col)
    ours = res.coefs.set_index("term")
    p = _sm_pscore(panel)
    w_ref, s_ref = _brute(p, panel["treat"].to_numpy() == 1, "both", 0.01, "epan")   # independent matching
    keep = s_ref if regression == "support" else ~np.isnan(w_ref)
    assert (s_ref & np.isnan(w_ref)).any()       # the support sample has zero-weight controls: samples differ
    d = panel[keep].reset_index(drop=True)
    w = w_ref[keep] if regression == "weighted" else np.ones(keep.sum())
    X = pd.concat([d[["did", "x1"]]] + [pd.get_dummies(d[f], prefix=f, drop_first=True, dtype=float)
                                        for f in ("hs6", "importer", "year")], axis=1)
    fit = sm.WLS(d["y"], sm.add_constant(X), weights=w).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(d["hs6"])[0], "use_correction": False})
    N, G = len(d), d["hs6"].nunique()
    K = 2 + d["importer"].nunique() + d["year"].nunique() - 1      # hs6 FE nested in the clusters
    se = pd.Series(_crv1(fit, N, G, K), index=fit.params.index)
    for term in ("did", "x1"):
        assert ours.loc[term, "estimate"] == pytest.approx(fit.params[term], abs=1e-8)
        assert ours.loc[term, "std_error"] == pytest.approx(se[term], abs=1e-8)
    assert res.stats["nobs"] == N and res.extra["n_control_matched"] == (~np.isnan(w_ref) & (panel["treat"] == 0)).sum()
    xbar = np.average(d[["did", "x1"]].to_numpy(), axis=0, weights=w)
    cons = np.average(d["y"], weights=w) - xbar @ ours.loc[["did", "x1"], "estimate"].to_numpy()
    assert ours.loc["_cons", "estimate"] == pytest.approx(cons, abs=1e-10)


def test_base_year_matching_carries_pair_weights(panel):
    opts = parse_options({"covariates": COVS, "base_year": 2014})
    m = match(panel, opts)
    base = panel[panel["year"] == 2014].reset_index(drop=True)
    w_ref, _ = _brute(_sm_pscore(base), base["treat"].to_numpy() == 1, "both", 0.06, "epan")
    ref = dict(zip(zip(base["importer"], base["hs6"]), w_ref))
    expected = np.array([ref.get(k, np.nan) for k in zip(panel["importer"], panel["hs6"])])
    np.testing.assert_allclose(np.nan_to_num(m.weight, nan=-1), np.nan_to_num(expected, nan=-1), atol=1e-10)
    assert np.isnan(m.weight[panel["year"] != 2014]).sum() > 0        # pairs absent in 2014 drop out
    assert m.used.sum() == len(base)


def test_scales_without_a_treated_by_control_matrix():
    """300k scores: an n_t × n_c matrix would need ~180 GB; prefix sums take about a second."""
    rng = np.random.default_rng(0)
    p, treated = rng.beta(2, 3, 300_000), rng.random(300_000) < 0.6
    w, s = kernel_weights(p, treated, common_support(p, treated), 0.06, "epan")
    assert np.nansum(w[~treated]) == pytest.approx((treated & s).sum(), rel=1e-12)


@pytest.mark.parametrize("psm,msg", [({"covariates": []}, "covariates"),
                                     ({"covariates": COVS, "kernel": "gauss"}, "kernel"),
                                     ({"covariates": COVS, "bandwidth": 0}, "bandwidth"),
                                     ({"covariates": COVS, "common_support": "x"}, "common_support"),
                                     ({"covariates": COVS, "caliper": 1}, "unknown")])
def test_bad_psm_options_are_spec_errors(psm, msg):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t5", "columns": [{"name": "(1)", "formula": "y ~ did", "estimator": "psm_did",
                                                 "options": {"psm": psm}}]}]}
    with pytest.raises(SpecError, match=msg) as e:
        load_study(spec)
    assert "t5" in str(e.value) and "(1)" in str(e.value)
