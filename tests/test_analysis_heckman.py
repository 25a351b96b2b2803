"""The heckman estimator against independent implementations: statsmodels Probit (coefficients,
SEs), the inverse Mills ratio from scipy's normal pdf/cdf, statsmodels OLS with FE dummies for the
outcome step, and recovery of planted values when the selection is correlated with the outcome."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as st

from analysis import ESTIMATORS, SpecError, load_study
from analysis.core.schema import DIAGNOSTICS, diag_name
from analysis.fitting.probit import inverse_mills

BETA, RHO, SIGMA = 1.0, 0.6, 1.0


def _column(options=None, formula="y ~ x | g", vcov="hetero"):
    opts = {"selection": "s ~ x + z", **(options or {})}
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t", "columns": [{"name": "c", "formula": formula, "vcov": vcov,
                                                "estimator": "heckman", "options": opts}]}]}
    return load_study(spec).tables[0].columns[0]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """Selection s* = 0.2 + 0.8x + z + v (z the exclusion restriction); outcome y = βx + a_g + e
    observed when s = 1, e = ρσv + σ√(1−ρ²)ε, so E[e | s = 1, x] = ρσ λ(z'γ)."""
    rng = np.random.default_rng(2024)
    n = 6000
    g = rng.integers(0, 60, n)
    x, z, v, eps = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    s = (0.2 + 0.8 * x + 1.0 * z + v > 0).astype(int)
    y = BETA * x + rng.normal(size=60)[g] + SIGMA * (RHO * v + np.sqrt(1 - RHO ** 2) * eps)
    return pd.DataFrame({"y": np.where(s == 1, y, np.nan), "x": x, "z": z, "s": s, "g": [f"g{k}" for k in g]})


def test_probit_imr_and_outcome_match_statsmodels(data):
    res = ESTIMATORS["heckman"].fit(data, _column())
    t = res.coefs.set_index("term")
    Z = sm.add_constant(data[["x", "z"]])
    pr = sm.Probit(data["s"], Z).fit(disp=0)
    for ours, theirs in (("Intercept", "const"), ("x", "x"), ("z", "z")):
        assert abs(t.loc[f"diag:probit:{ours}", "estimate"] - pr.params[theirs]) < 1e-6
        assert abs(t.loc[f"diag:probit:{ours}", "std_error"] - pr.bse[theirs]) < 1e-6
    assert t.loc["diag:probit_n", "estimate"] == len(data)
    assert t.loc["diag:probit_n_selected", "estimate"] == data["s"].sum()
    assert t.loc["diag:probit_ll", "estimate"] == pytest.approx(pr.llf, abs=1e-6)
    # the inverse Mills ratio against the textbook formula, also far in the left tail
    idx = np.r_[Z.to_numpy() @ pr.params.to_numpy(), -8.0, 5.0]
    assert np.allclose(inverse_mills(idx), st.norm.pdf(idx) / st.norm.cdf(idx), rtol=1e-10)
    assert np.isfinite(inverse_mills(np.array([-40.0]))).all()
    # outcome: OLS with group dummies and the statsmodels IMR on the selected rows, HC1 like pyfixest
    sel = data[data["s"] == 1].copy()
    sel["imr"] = st.norm.pdf(Z.loc[sel.index] @ pr.params) / st.norm.cdf(Z.loc[sel.index] @ pr.params)
    X = pd.concat([sel[["x", "imr"]], pd.get_dummies(sel["g"], drop_first=True, dtype=float)], axis=1)
    ols = sm.OLS(sel["y"], sm.add_constant(X)).fit(cov_type="HC1")
    for term in ("x", "imr"):
        assert abs(t.loc[term, "estimate"] - ols.params[term]) < 1e-8
        assert abs(t.loc[term, "std_error"] - ols.bse[term]) < 1e-8
    assert res.stats["nobs"] == len(sel)
    assert t.loc["diag:heckman_lambda", "estimate"] == t.loc["imr", "estimate"]


def test_recovers_planted_values_where_ols_is_biased(data):
    t = ESTIMATORS["heckman"].fit(data, _column()).coefs.set_index("term")
    b, se = t.loc["x", ["estimate", "std_error"]]
    assert abs(b - BETA) < 3 * se
    naive = ESTIMATORS["ols"].fit(data[data["s"] == 1], load_study({
        "study": "s", "title": "t", "panel": "p",
        "tables": [{"id": "t", "columns": [{"name": "c", "formula": "y ~ x | g", "vcov": "hetero"}]}]},
    ).tables[0].columns[0]).coefs.set_index("term")
    assert abs(naive.loc["x", "estimate"] - BETA) > 5 * naive.loc["x", "std_error"]   # selection bias
    lam, lam_se = t.loc["diag:heckman_lambda", ["estimate", "std_error"]]
    assert abs(lam - RHO * SIGMA) < 3 * lam_se and t.loc["diag:heckman_lambda", "p_value"] < 0.01
    assert abs(t.loc["diag:heckman_rho", "estimate"] - RHO) < 0.15
    assert abs(t.loc["diag:heckman_sigma", "estimate"] - SIGMA) < 0.1


def test_selection_report_and_registered_terms(data):
    res = ESTIMATORS["heckman"].fit(data, _column({"report": "selection", "imr": "mills"}))
    t = res.coefs.set_index("term")
    assert t.loc["x", "estimate"] == t.loc["diag:probit:x", "estimate"]
    assert "_cons" in t.index and res.stats["nobs"] == len(data)
    names = {diag_name(x) for x in t.index if diag_name(x)}
    assert names <= set(DIAGNOSTICS) and {"probit", "heckman_lambda", "heckman_rho"} <= names
    assert res.extra["imr"] == "mills"


@pytest.mark.parametrize("column, needle", [
    ({"options": {}}, "selection"),
    ({"options": {"selection": "s ~ x", "exclusion": "z"}}, "unknown"),
    ({"options": {"selection": "s ~ x | g"}}, "no fixed effects"),
    ({"options": {"selection": "s ~ x", "report": "both"}}, "report"),
    ({"formula": "y ~ x + imr | g", "options": {"selection": "s ~ x"}}, "imr"),
])
def test_spec_errors_name_the_column(column, needle):
    col = {"name": "(2)", "estimator": "heckman", "formula": "y ~ x | g", **column}
    with pytest.raises(SpecError) as exc:
        load_study({"study": "s", "title": "t", "panel": "p", "tables": [{"id": "tab4", "columns": [col]}]})
    assert "tab4" in str(exc.value) and "(2)" in str(exc.value) and needle in str(exc.value)
