"""The ols estimator against an independent implementation (statsmodels OLS with dummies).

pyfixest's CRV1 small-sample correction (``ssc()`` defaults, also reghdfe's) is
    V = (N−1)/(N−K) · G/(G−1) · (X̃'X̃)⁻¹ [Σ_g X̃_g'û_g û_g'X̃_g] (X̃'X̃)⁻¹,
    K = k + Σ_f levels_f − (n_fe − 1) − (levels of FE nested in the clusters) + (number of nested FE).
Below, statsmodels computes the uncorrected sandwich on the explicit-dummy regression (by FWL the
same meat and bread for the slopes), and we apply that factor with K worked out by hand.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import ESTIMATORS, load_study
from analysis.fitting.feols import required_columns

BETA = 0.7


def _column(formula: str, vcov, fixef_rm: str = "singleton"):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t", "columns": [{"name": "c", "formula": formula, "vcov": vcov,
                                                "fixef_rm": fixef_rm}]}]}
    return load_study(spec).tables[0].columns[0]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """Unbalanced unit × year panel, x correlated with both FE, errors correlated within unit."""
    rng = np.random.default_rng(20261121)
    n_units, years = 60, np.arange(2010, 2018)
    unit = np.repeat(np.arange(n_units), len(years))
    year = np.tile(years, n_units)
    keep = rng.random(unit.size) < 0.8
    unit, year = unit[keep], year[keep]
    a_u, a_t = rng.normal(0, 1, n_units), rng.normal(0, 0.5, len(years))
    x = 0.5 * a_u[unit] + a_t[year - 2010] + rng.normal(size=unit.size)
    z = rng.normal(size=unit.size)
    e = rng.normal(0, 0.6, n_units)[unit] + rng.normal(size=unit.size)
    y = 2.0 + BETA * x - 0.3 * z + a_u[unit] + a_t[year - 2010] + e
    return pd.DataFrame({"unit": [f"u{u:03d}" for u in unit], "year": year, "x": x, "z": z, "y": y,
                         "cl2": [f"c{u}_{int(t >= 2014)}" for u, t in zip(unit, year)]})


def _dummy_ols(df: pd.DataFrame):
    X = pd.concat([df[["x", "z"]], pd.get_dummies(df["unit"], prefix="u", drop_first=True, dtype=float),
                   pd.get_dummies(df["year"], prefix="y", drop_first=True, dtype=float)], axis=1)
    return sm.OLS(df["y"], sm.add_constant(X))


@pytest.mark.parametrize("cluster", ["unit", "cl2"])
def test_twoway_fe_crv1_matches_statsmodels_dummies(panel, cluster):
    col = _column("y ~ x + z | unit + year", {"CRV1": cluster})
    res = ESTIMATORS["ols"].fit(panel, col)
    ours = res.coefs.set_index("term")

    sm_fit = _dummy_ols(panel).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel[cluster])[0],
                                                                 "use_correction": False})
    N, G = len(panel), panel[cluster].nunique()
    n_unit, n_year, k = panel["unit"].nunique(), panel["year"].nunique(), 2
    if cluster == "unit":   # unit FE nested in the clusters: not counted (plus one back)
        K = k + (n_unit + n_year - 1) - n_unit + 1
    else:                   # nothing nested: every FE level counts, minus one per extra FE
        K = k + (n_unit + n_year - 1)
    factor = (N - 1) / (N - K) * G / (G - 1)

    for term in ("x", "z"):
        assert ours.loc[term, "estimate"] == pytest.approx(sm_fit.params[term], abs=1e-8)
        se_sm = np.sqrt(sm_fit.cov_params().loc[term, term] * factor)
        assert ours.loc[term, "std_error"] == pytest.approx(se_sm, abs=1e-6)
    assert res.stats["nobs"] == N
    assert res.stats["n_clusters"] == G
    assert res.stats["r2"] == pytest.approx(sm_fit.rsquared, abs=1e-8)  # overall R² incl. FE
    assert 0 < res.stats["r2_within"] < res.stats["r2"]


def test_constant_is_reghdfe_style_and_planted_beta_recovered(panel):
    col = _column("y ~ x + z | unit+year", {"CRV1": "unit"})
    res = ESTIMATORS["ols"].fit(panel, col)
    t = res.coefs.set_index("term")
    b = t.loc[["x", "z"], "estimate"].to_numpy()
    xbar = panel[["x", "z"]].mean().to_numpy()
    assert t.loc["_cons", "estimate"] == pytest.approx(panel["y"].mean() - xbar @ b, abs=1e-10)
    # delta-method SE with the means fixed: sqrt(x̄' V x̄), V from the independent dummy regression
    sm_fit = _dummy_ols(panel).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["unit"])[0],
                                                                 "use_correction": False})
    N, G, K = len(panel), panel["unit"].nunique(), 2 + panel["year"].nunique()
    V = sm_fit.cov_params().loc[["x", "z"], ["x", "z"]].to_numpy() * (N - 1) / (N - K) * G / (G - 1)
    assert t.loc["_cons", "std_error"] == pytest.approx(np.sqrt(xbar @ V @ xbar), abs=1e-6)
    lo, hi = t.loc["_cons", ["conf_low", "conf_high"]]
    assert lo < t.loc["_cons", "estimate"] < hi
    assert abs(t.loc["x", "estimate"] - BETA) < 4 * t.loc["x", "std_error"]
    assert list(res.coefs.columns) == ["term", "estimate", "std_error", "statistic", "p_value",
                                       "conf_low", "conf_high"]


def test_no_fe_uses_intercept_and_matches_statsmodels(panel):
    col = _column("y ~ x", {"CRV1": "unit"})
    res = ESTIMATORS["ols"].fit(panel, col)
    t = res.coefs.set_index("term")
    sm_fit = sm.OLS(panel["y"], sm.add_constant(panel[["x"]])).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(panel["unit"])[0]})  # (N−1)/(N−2)·G/(G−1)
    assert t.loc["_cons", "estimate"] == pytest.approx(sm_fit.params["const"], abs=1e-8)
    assert t.loc["_cons", "std_error"] == pytest.approx(sm_fit.bse["const"], abs=1e-6)
    assert t.loc["x", "std_error"] == pytest.approx(sm_fit.bse["x"], abs=1e-6)
    assert np.isnan(res.stats["r2_within"])
    assert "Intercept" not in t.index


def test_singletons_dropped_iteratively():
    rng = np.random.default_rng(3)
    g, t = np.repeat(np.arange(50), 4), np.tile(np.arange(4), 50)
    # row A is alone in g=100 (singleton); row B shares t=99 only with A, so it becomes one after A goes
    df = pd.DataFrame({"g": np.r_[g, 100, 5], "t": np.r_[t, 99, 99]})
    df["x"] = rng.normal(size=len(df))
    df["y"] = df["x"] + rng.normal(size=len(df))
    drop = ESTIMATORS["ols"].fit(df, _column("y ~ x | g+t", "hetero", "singleton"))
    keep = ESTIMATORS["ols"].fit(df, _column("y ~ x | g+t", "hetero", "none"))
    assert keep.stats["nobs"] == 202
    assert drop.stats["nobs"] == 200


def test_nullable_and_boolean_columns_and_required_columns():
    rng = np.random.default_rng(5)
    n = 400
    df = pd.DataFrame({"f": rng.integers(0, 20, n).astype(str), "y": rng.normal(size=n),
                       "d": pd.array(rng.integers(0, 2, n), dtype="Int32"), "b": rng.random(n) > 0.5})
    df.loc[:9, "d"] = pd.NA
    col = _column("y ~ d + b | f", {"CRV1": "f"})
    res = ESTIMATORS["ols"].fit(df, col)
    assert res.stats["nobs"] == n - 10
    assert set(res.coefs["term"]) == {"d", "b", "_cons"}
    assert required_columns(col) == ["y", "d", "b", "f"]
    assert required_columns(_column("y ~ i(year, ref=2010) + np.log(x) | a^b", {"CRV1": "c"})) == \
        ["y", "year", "x", "a", "b", "c"]


def test_descriptives_stata_percentiles_and_missing():
    from analysis.estimators.descriptives import describe, summarize

    s = summarize(pd.Series([4.0, 1.0, np.nan, 3.0, 2.0]))
    # Stata summarize, detail: P = n·p/100 integer → average of x_(P), x_(P+1); numpy's default gives 1.75
    assert (s["N"], s["p25"], s["p50"], s["p75"], s["min"], s["max"]) == (4, 1.5, 2.5, 3.5, 1, 4)
    assert s["sd"] == pytest.approx(np.std([1, 2, 3, 4], ddof=1))
    s5 = summarize(np.arange(1.0, 6.0))          # P = 1.25 → x_(2)
    assert (s5["p25"], s5["p50"], s5["p75"]) == (2.0, 3.0, 4.0)
    b = summarize(pd.Series([True, False, None, True], dtype="boolean"), ["N", "mean"])
    assert b == {"N": 3.0, "mean": pytest.approx(2 / 3)}
    d = describe(pd.DataFrame({"a": [1.0, 2.0], "b": [0, 1]}), ["b", "a"], ["N", "mean"])
    assert d.values.tolist() == [["b", "N", 2.0], ["b", "mean", 0.5], ["a", "N", 2.0], ["a", "mean", 1.5]]


_SEED_SCRIPT = """
import sys
import numpy as np, pandas as pd
sys.path.insert(0, {root!r})
from analysis import ESTIMATORS
from analysis import load_study
rng = np.random.default_rng(1)
n = 400
df = pd.DataFrame({{"unit": rng.integers(0, 40, n).astype(str), "year": rng.integers(0, 6, n),
                    "x": rng.normal(size=n)}})
df["y"] = df["x"] + rng.normal(size=n)
spec = {{"study": "s", "title": "t", "panel": "p", "tables": [{{"id": "t", "columns": [
    {{"name": "c", "formula": "y ~ x | unit+year", "vcov": {{"CRV1": "unit"}}}}]}}]}}
print(repr(float(ESTIMATORS["ols"].fit(df, load_study(spec).tables[0].columns[0]).coefs.iloc[0]["std_error"])))
"""


def test_clustered_se_does_not_depend_on_hash_seed():
    """pyfixest 0.60 orders FE by a str set (PYTHONHASHSEED); patch_pyfixest_fe_order fixes the SEs."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    def run(code: str, seed: int) -> str:
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        return subprocess.run([sys.executable, "-W", "ignore", "-c", code], env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    order = {s: run("print(list({'unit', 'year'})[0])", s) for s in range(12)}
    same = next(s for s, first in order.items() if first == "unit")
    flipped = next(s for s, first in order.items() if first == "year")
    script = _SEED_SCRIPT.format(root=str(Path(__file__).resolve().parents[1]))
    assert run(script, same) == run(script, flipped)
