"""From-scratch reference implementations for the ``test_independent_*.py`` checks, and the synthetic
trade panel they share (not a test module).

Nothing here imports ``analysis`` or pyfixest: fixed effects are explicit dummy columns in a
statsmodels OLS, the small-sample conventions are written out below, and fixed-effect nesting is
decided from the data with pandas. The tests compare our estimators with these.

Conventions reproduced (pyfixest's default ``ssc()``; for CRV1 also reghdfe's):
- iid:   V = s²(X'X)⁻¹ with s² = SSR / (N − p), p = every parameter of the dummy regression
         (constant, regressors, L_f − 1 dummies per FE): statsmodels' ``nonrobust``.
- HC1:   V = N/(N − p) · (X'X)⁻¹ Σ x_i x_i' û_i² (X'X)⁻¹ with the same p (statsmodels' ``HC1``,
         Stata's ``regress, vce(robust)`` on the dummy regression).
- CRV1:  V = (N − 1)/(N − K) · G/(G − 1) · sandwich, with reghdfe's K = regressors + 1 (constant)
         + Σ (L_f − 1) over the FE that are *not* nested in the clusters (an FE whose every level
         lies inside one cluster is redundant with the cluster sums and does not count).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm


def fe_key(df: pd.DataFrame, fe: str) -> pd.Series:
    """One FE's level per row; ``a^b`` is the interaction (a pair of values), built here by hand."""
    parts = fe.split("^")
    if len(parts) == 1:
        return df[fe].astype(str)
    return df[parts].astype(str).agg("|".join, axis=1)


def drop_singletons(df: pd.DataFrame, fes: list[str]) -> pd.DataFrame:
    """Rows left after repeatedly dropping rows alone in a level of some FE (reghdfe's rule)."""
    while True:
        alone = np.zeros(len(df), dtype=bool)
        for fe in fes:
            alone |= (fe_key(df, fe).map(fe_key(df, fe).value_counts()) == 1).to_numpy()
        if not alone.any():
            return df
        df = df[~alone]


def design(df: pd.DataFrame, xs: list[str], fes: list[str]) -> pd.DataFrame:
    """Constant, regressors and drop-first dummies of each FE (each FE's first level in sort order)."""
    parts = [df[xs].astype(float)]
    for fe in fes:
        parts.append(pd.get_dummies(fe_key(df, fe), prefix=fe, drop_first=True, dtype=float))
    return sm.add_constant(pd.concat(parts, axis=1), has_constant="add")


def nested_in(df: pd.DataFrame, fe: str, cluster: str) -> bool:
    """Every level of the FE lies inside one cluster."""
    return bool(df.groupby(fe_key(df, fe))[cluster].nunique().max() == 1)


def reghdfe_k(df: pd.DataFrame, n_regressors: int, fes: list[str], cluster: str) -> int:
    """K of the CRV1 factor: regressors + constant + (L_f − 1) per FE not nested in the clusters."""
    return n_regressors + 1 + sum(fe_key(df, fe).nunique() - 1 for fe in fes if not nested_in(df, fe, cluster))


@dataclass
class RefFit:
    params: pd.Series        # coefficients of the regressors
    vcov: pd.DataFrame       # their covariance under the convention asked for
    df_t: int                # degrees of freedom of t-tests and intervals
    resid: np.ndarray
    X: pd.DataFrame          # the full dummy design (constant first)

    def se(self, term: str) -> float:
        return math.sqrt(self.vcov.loc[term, term])

    def t_interval(self, term: str, level: float = 0.95) -> tuple[float, float]:
        from scipy import stats as st

        q = st.t.ppf(0.5 + level / 2, self.df_t)
        return self.params[term] - q * self.se(term), self.params[term] + q * self.se(term)

    def p_value(self, term: str) -> float:
        from scipy import stats as st

        return float(2 * st.t.sf(abs(self.params[term] / self.se(term)), self.df_t))


def ref_ols(df: pd.DataFrame, y: str, xs: list[str], fes: list[str], vcov) -> RefFit:
    """OLS of y on xs with explicit FE dummies; vcov 'iid', 'HC1' or {'CRV1': cluster}."""
    X = design(df, xs, fes)
    model = sm.OLS(df[y].astype(float), X)
    N, p = X.shape
    assert np.linalg.matrix_rank(X.to_numpy()) == p, "reference design must have full rank"
    if vcov == "iid":
        fit = model.fit()
        V, df_t = fit.cov_params(), N - p
    elif vcov == "HC1":
        fit = model.fit(cov_type="HC1")
        Xa, u = X.to_numpy(), np.asarray(fit.resid)
        bread = np.linalg.inv(Xa.T @ Xa)
        V = N / (N - p) * bread @ (Xa.T * u ** 2) @ Xa @ bread      # the factor written out
        assert np.allclose(V, fit.cov_params().to_numpy(), rtol=1e-10, atol=0)   # = statsmodels' HC1
        V, df_t = pd.DataFrame(V, index=X.columns, columns=X.columns), N - p
    else:
        (kind, cluster), = vcov.items()
        assert kind == "CRV1"
        groups = pd.factorize(df[cluster])[0]
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
        G, K = len(set(groups)), reghdfe_k(df, len(xs), fes, cluster)
        V, df_t = fit.cov_params() * (N - 1) / (N - K) * G / (G - 1), G - 1
    return RefFit(fit.params[xs], V.loc[xs, xs], int(df_t), np.asarray(fit.resid), X)


def normal_p(z: float) -> float:
    """Two-sided normal p-value, from the complementary error function (no scipy)."""
    return math.erfc(abs(z) / math.sqrt(2))


def demean(M: np.ndarray, df: pd.DataFrame, fes: list[str]) -> np.ndarray:
    """Columns of M minus their projection on the FE dummies (exact least squares, no iteration)."""
    D = design(df, [], fes).to_numpy()
    return M - D @ np.linalg.lstsq(D, M, rcond=None)[0]


TRADE_CONTROLS = ["lnmfn", "lnpgdp", "lnexchange", "lngdp", "open", "lninternet", "fta"]
TRADE_YEARS = np.arange(2010, 2021)


def trade_panel(seed: int, path: dict[int, float], n_hs6: int = 40, n_importers: int = 6,
                noise: float = 1.0) -> pd.DataFrame:
    """Paper 000's variables on a small hs6 x importer x year panel (2010–2020, about 15% of rows
    missing, no singleton pair): treat at the hs6 level, lnquality = path[year]·treat + controls
    + hs6^importer and year effects + an hs6 shock, an hs6-year shock and heteroskedastic noise.
    Treated products have higher pair effects (so dropping the FE biases the event study);
    ``noise`` scales the three error components."""
    r = np.random.default_rng(seed)
    h, i, t = (a.ravel() for a in np.meshgrid(np.arange(n_hs6), np.arange(n_importers), TRADE_YEARS, indexing="ij"))
    keep = r.random(h.size) > 0.15
    h, i, t = h[keep], i[keep], t[keep]
    treat = (np.arange(n_hs6) % 2 == 0).astype(float)[h]
    pair = r.normal(0, 1, (n_hs6, n_importers))[h, i] + 0.8 * treat
    year_fe = r.normal(0, 0.3, len(TRADE_YEARS))[t - 2010]
    imp_year = r.normal(0, 1, (n_importers, len(TRADE_YEARS), 6))[i, t - 2010]   # importer-year controls
    df = pd.DataFrame({"hs6": [f"{8400 + k:06d}" for k in h], "importer": [f"c{k:03d}" for k in i], "year": t,
                       "treat": treat, "lnmfn": 0.3 * pair + r.normal(0, 1, h.size)})
    for j, c in enumerate(["lnpgdp", "lnexchange", "lngdp", "open", "lninternet"]):
        df[c] = imp_year[:, j]
    df["fta"] = (imp_year[:, 5] > 0.3).astype(float)
    df["did"] = treat * (t >= 2015)
    err = noise * (r.normal(0, 0.4, n_hs6)[h] + r.normal(0, 0.3, (n_hs6, len(TRADE_YEARS)))[h, t - 2010]
                   + r.normal(0, 1, h.size) * (0.5 + 0.5 * np.abs(df["lnmfn"].to_numpy())))
    beta = np.array([-0.6, 0.07, 0.0, 0.1, 0.04, 0.01, 0.02])
    df["lnquality"] = (np.array([path.get(int(y), 0.0) for y in t]) * treat + df[TRADE_CONTROLS].to_numpy() @ beta
                       + pair + year_fe + err)
    assert df.groupby(["hs6", "importer"]).size().min() >= 2, "no singleton pair"
    return df


# pyfixest's demeaner (tolerance 1e-6) leaves relative errors of about 1e-9 in the demeaned data,
# hence in estimates and SEs; a p-value's relative error is about t² times the SE's (normal / t
# tail), so it gets 10x more room. A deliberate 1% error fails every one of these comparisons.
TOL, P_TOL = 1e-8, 1e-7


def assert_same_inference(ours: pd.DataFrame, ref: RefFit, terms: list[str]) -> None:
    """Our tidy rows (indexed by term) equal the reference fit: estimate, SE, t, p (t(df_t)) and the
    95% interval (ends to TOL of |estimate| + 3 SE: an end near zero has no relative error of its own)."""
    import pytest

    for term in terms:
        row, se = ours.loc[term], ref.se(term)
        assert row.estimate == pytest.approx(ref.params[term], rel=TOL), term
        assert row.std_error == pytest.approx(se, rel=TOL), term
        assert row.statistic == pytest.approx(ref.params[term] / se, rel=TOL), term
        assert row.p_value == pytest.approx(ref.p_value(term), rel=P_TOL), term
        ends = pytest.approx(ref.t_interval(term), abs=TOL * (abs(row.estimate) + 3 * se))
        assert (row.conf_low, row.conf_high) == ends, term
