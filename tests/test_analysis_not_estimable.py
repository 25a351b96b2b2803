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
    assert "t saturated: not estimated" in log and "no residual degrees of freedom (6 rows for 6 parameters" in log
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
