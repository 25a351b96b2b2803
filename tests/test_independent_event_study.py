"""Paper 000's event study (ai_policy_quality.yml, table event_study: ``i(year, treat, ref=2014)``,
hs6^importer + year FE, CRV1 by HS6) on synthetic data with a planted path, against from-scratch
computations:

- coefficients, SEs, t, p and intervals equal statsmodels OLS with hand-built event dummies
  (year == t)·treat for t ≠ 2014 and explicit FE dummies, CRV1 with reghdfe's K (hs6^importer is
  nested in the HS6 clusters and does not count), t(G − 1);
- the planted path (leads 2010–2013 at 0, known lags) lies inside intervals with family-wise 95%
  coverage (Bonferroni over the 10 coefficients: t(G − 1) quantile 1 − 0.025/10);
- the reported constant is reghdfe's: _cons = ȳ − x̄'b over the estimation sample (singleton pairs,
  planted with outlying values, dropped as reghdfe drops them) with x̄ the means
  of the hand-built dummies and controls, se = sqrt(x̄'Vx̄); and, emulating reghdfe itself, the
  constant of the regression of demeaned-plus-grand-mean y on a constant and demeaned-plus-mean X
  (FE swept out exactly by least squares on the dummies) with the same CRV1 factor: its estimate
  and SE equal ours because the FE are nested in the clusters (each cluster's residuals sum to zero).
"""
from __future__ import annotations

import math

import pandas as pd
import pytest
import statsmodels.api as sm
from independent_ols import (
    P_TOL,
    TOL,
    TRADE_CONTROLS,
    TRADE_YEARS,
    assert_same_inference,
    demean,
    drop_singletons,
    ref_ols,
    reghdfe_k,
    trade_panel,
)
from scipy import stats as st

from analysis import ESTIMATORS, load_study

PATH = {2010: 0.0, 2011: 0.0, 2012: 0.0, 2013: 0.0, 2015: 0.05, 2016: 0.10, 2017: 0.15, 2018: 0.20,
        2019: 0.20, 2020: 0.25}
EVENT = [f"year::{t}:treat" for t in PATH]           # pyfixest's names, as in the spec's rows
FES = ["hs6^importer", "year"]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The panel plus three singleton product-importer pairs (a new importer in three treated
    products) with outlying quality: the spec drops singletons, so they must not count anywhere."""
    df = trade_panel(20261207, PATH, n_hs6=60, noise=0.15)
    extra = df[df["treat"] == 1].drop_duplicates("hs6").head(3).assign(importer="c999", lnquality=9.0)
    extra["year"] = [2011, 2016, 2020]
    extra["did"] = extra["treat"] * (extra["year"] >= 2015)
    return pd.concat([df, extra], ignore_index=True)


@pytest.fixture(scope="module")
def panel(raw) -> pd.DataFrame:
    """The estimation sample, found here, with the event dummies built by hand."""
    df = drop_singletons(raw, FES).copy()
    assert len(df) == len(raw) - 3
    for t in PATH:
        df[f"year::{t}:treat"] = (df["year"] == t) * df["treat"]
    return df


@pytest.fixture(scope="module")
def fitted(raw, panel):
    col = load_study("ai_policy_quality").table("event_study").columns[0]
    assert col.formula.startswith("lnquality ~ i(year, treat, ref=2014) + lnmfn")
    assert list(col.parsed.fixef) == FES and col.vcov == {"CRV1": "hs6"} and col.fixef_rm == "singleton"
    res = ESTIMATORS[col.estimator].fit(raw, col)     # ours builds the dummies and drops singletons itself
    assert res.stats["nobs"] == len(panel)
    ref = ref_ols(panel, "lnquality", EVENT + TRADE_CONTROLS, FES, {"CRV1": "hs6"})
    return res.coefs.set_index("term"), ref


def test_event_study_matches_statsmodels_with_explicit_dummies(panel, fitted):
    ours, ref = fitted
    assert set(ours.index) == set(EVENT + TRADE_CONTROLS + ["_cons"])   # no 2014 term: the reference
    assert sorted(PATH) == [t for t in TRADE_YEARS if t != 2014]
    assert ref.df_t == panel["hs6"].nunique() - 1
    assert_same_inference(ours, ref, EVENT + TRADE_CONTROLS)


def test_event_study_covers_the_planted_path(panel, fitted):
    ours, _ = fitted
    q = st.t.ppf(1 - 0.025 / len(PATH), panel["hs6"].nunique() - 1)
    for term, planted in zip(EVENT, PATH.values()):
        est, se = ours.loc[term, ["estimate", "std_error"]]
        assert abs(est - planted) <= q * se, (term, est, planted, se)
    # not covered trivially: every half-width is below 0.2 (the planted 2018–2019 effect), so a
    # pre-trend of that size in the leads would have been rejected
    assert (q * ours.loc[EVENT, "std_error"] < 0.2).all()


def test_constant_is_reghdfe_style_from_scratch(panel, fitted):
    ours, ref = fitted
    xs = EVENT + TRADE_CONTROLS
    b, V = ref.params[xs].to_numpy(), ref.vcov.loc[xs, xs].to_numpy()
    xbar, ybar = panel[xs].to_numpy(float).mean(axis=0), panel["lnquality"].mean()
    cons, se = ybar - xbar @ b, math.sqrt(xbar @ V @ xbar)
    row = ours.loc["_cons"]
    assert row.estimate == pytest.approx(cons, abs=TOL * (abs(cons) + se))
    assert row.std_error == pytest.approx(se, rel=TOL)
    G = panel["hs6"].nunique()
    q = st.t.ppf(0.975, G - 1)
    assert row.p_value == pytest.approx(2 * st.t.sf(abs(cons / se), G - 1), rel=P_TOL)
    ends = pytest.approx((cons - q * se, cons + q * se), abs=TOL * (abs(cons) + 3 * se))
    assert (row.conf_low, row.conf_high) == ends

    # reghdfe: regress (ỹ + ȳ) on a constant and (X̃ + x̄), clustered, with the model's CRV1 factor
    M = demean(panel[["lnquality"] + xs].to_numpy(float), panel, FES)
    Z = sm.add_constant(M[:, 1:] + xbar)
    groups = pd.factorize(panel["hs6"])[0]
    aux = sm.OLS(M[:, 0] + ybar, Z).fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    N, K = len(panel), reghdfe_k(panel, len(xs), FES, "hs6")
    se_reghdfe = math.sqrt(aux.cov_params()[0, 0] * (N - 1) / (N - K) * G / (G - 1))
    assert aux.params[0] == pytest.approx(row.estimate, abs=TOL * (abs(cons) + se))
    assert se_reghdfe == pytest.approx(row.std_error, rel=TOL)
