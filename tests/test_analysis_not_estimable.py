"""A column the data cannot identify is recorded without estimates instead of failing the study
(analysis.core.errors.NotEstimable): an empty sample (e.g. QBW without the Broda-Weinstein
table), every row a singleton, a mediator collinear with the fixed effects in a small split
sample, or a fit without residual degrees of freedom (fixed effects and regressors use up every
row). Every other column is still estimated, and the progress log says why."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analysis import fetch_from, load_study, run_study
from analysis.core.errors import NotEstimable

SPEC = {
    "study": "tdq_demo", "title": "Demo", "paper": "X (2024)", "panel": "panel_demo",
    "defaults": {"estimator": "ols", "vcov": {"CRV1": "firm"}, "fixef_rm": "singleton"},
    "tables": [
        {"id": "t", "title": "T", "rows": ["x", "m"], "columns": [
            {"name": "ok", "formula": "y ~ x | firm + year"},
            {"name": "empty", "formula": "q ~ x | firm + year"},                       # q is all NULL
            {"name": "singletons", "formula": "y ~ x | firm + year", "sample": "year = 2001"},
            {"name": "mediation", "estimator": "mediation", "formula": "y ~ x | firm + year",
             "options": {"mediator": "m_const"}},                                   # no within variation
            {"name": "mediation ok", "estimator": "mediation", "formula": "y ~ x | firm + year",
             "options": {"mediator": "m"}, "row_terms": {"m": "b"}},
            # 2 firms x 3 years: 6 rows for x, m, 2 firm and 3 year levels (pyfixest: 2 + 1 + 2 + 1 = 6)
            {"name": "saturated", "formula": "y ~ x + m | firm + year", "sample": "firm < 2 and year < 2003"},
            # 3 firms x 3 years: 9 rows for 7 parameters, two degrees of freedom left: estimated
            {"name": "two dof", "formula": "y ~ x + m | firm + year", "sample": "firm < 3 and year < 2003"},
        ]},
    ],
}


@pytest.fixture
def fetch():
    r = np.random.default_rng(4)
    firm = np.repeat(np.arange(40), 5)
    year = np.tile(np.arange(2000, 2005), 40)
    x = r.normal(size=200)
    m = 0.5 * x + r.normal(size=200)
    df = pd.DataFrame({"firm": firm, "year": year, "x": x, "m": m, "m_const": firm * 1.0,
                       "y": 0.2 * x + 0.3 * m + r.normal(size=200), "q": np.nan})
    con = duckdb.connect()
    con.register("panel_demo", df)
    return fetch_from(con)


def test_unidentified_columns_are_recorded_without_estimates(fetch, tmp_path):
    said = []
    res = run_study(load_study(SPEC), fetch, tmp_path, progress=said.append)
    est = res.estimates
    assert set(est["column"]) == {"ok", "empty", "singletons", "mediation", "mediation ok", "saturated", "two dof"}
    for name in ("empty", "singletons", "mediation", "saturated"):
        rows = est[est["column"] == name]
        assert list(rows["term"]) == ["diag:not_estimable"] and rows["nobs"].iloc[0] == 0
        assert rows["estimate"].isna().all()
    assert est[est["column"] == "ok"].set_index("term").loc["x", "nobs"] == 200
    log = "\n".join(said)
    assert "t empty: not estimated" in log and "no row has every model variable" in log
    assert "t singletons: not estimated" in log and "singleton" in log
    assert "t mediation: not estimated" in log and "'m_const' has no coefficient" in log
    assert "t saturated: not estimated" in log
    assert "no residual degrees of freedom (6 rows for 6 parameters" in log
    two = est[est["column"] == "two dof"].set_index("term")
    assert two.loc["x", "nobs"] == 9 and np.isfinite(two.loc["x", "std_error"])
    header = (tmp_path / "tdq_demo" / "tables" / "t.md").read_text().splitlines()[2]
    assert header.split("|")[2:-1] == [" ok ", " empty ", " singletons ", " mediation ", " mediation ok ",
                                       " saturated ", " two dof "]


def test_not_estimable_is_a_value_error_the_runner_catches_and_others_are_not(fetch, tmp_path):
    from analysis.estimators.mediation import fit_mediation

    study = load_study(SPEC)
    col = study.table("t").columns[3]
    with pytest.raises(NotEstimable):
        fit_mediation(fetch('select * from panel_demo'), col)
    assert issubclass(NotEstimable, ValueError)
    bad = {**SPEC, "tables": [{"id": "t", "title": "T", "rows": ["x"], "columns": [
        {"name": "typo", "formula": "y ~ x + nope | firm"}]}]}
    with pytest.raises(Exception, match="nope"):
        run_study(load_study(bad), fetch, tmp_path)


def test_the_regressor_count_of_a_formula():
    from analysis.fitting.feols import min_regressors

    def col(formula):
        return load_study({**SPEC, "tables": [{"id": "t", "title": "T", "rows": ["x"], "columns": [
            {"name": "c", "formula": formula}]}]}).table("t").columns[0]

    assert min_regressors(col("y ~ x + m | firm + year")) == 2
    assert min_regressors(col("y ~ x + m")) == 3                       # and the intercept
    assert min_regressors(col("y ~ I(x + m) + x | firm")) == 2         # '+' inside a call is one term
    assert min_regressors(col("y ~ m | firm | x ~ q")) == 2            # the endogenous regressor counts


def test_bootstrap_draws_with_collinear_regressors_are_missing_not_fatal():
    from analysis.core.schema import diag_term
    from analysis.estimators.mediation import fit_mediation

    # the treatment varies within firms of one cluster only: a resample without that cluster has
    # no within variation left, so its a·b is missing (Stata's bootstrap leaves such draws out)
    r = np.random.default_rng(7)
    firm = np.repeat(np.arange(30), 4)
    cluster = firm // 5
    x = np.where(cluster == 0, r.normal(size=120), 0.0)
    m = 0.5 * x + r.normal(size=120)
    df = pd.DataFrame({"firm": firm, "year": np.tile(np.arange(4), 30), "cl": cluster, "x": x, "m": m,
                       "y": 0.3 * m + 0.2 * x + r.normal(size=120)})
    spec = {**SPEC, "tables": [{"id": "t", "title": "T", "rows": ["x"], "columns": [
        {"name": "med", "estimator": "mediation", "formula": "y ~ x | firm + year",
         "options": {"mediator": "m", "bootstrap": 200, "seed": 3, "cluster": "cl"}}]}]}
    col = load_study(spec).table("t").columns[0]
    res = fit_mediation(df, col).coefs.set_index("term")
    missing = res.loc[diag_term("bootstrap_missing"), "estimate"]
    # P(cluster 0 never drawn in 6 draws of 6) = (5/6)^6 = 0.33: about 67 of 200 draws
    assert 30 < missing < 110
    boot = res.loc["indirect_boot"]
    assert np.isfinite(boot["std_error"]) and boot["conf_low"] < boot["estimate"] < boot["conf_high"]
