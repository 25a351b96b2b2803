"""The bdiff permutation test: determinism, the permutation draws against brute-force refits
(statsmodels OLS with FE dummies on each pseudo-group), the null distribution (centred on 0, p
roughly uniform over repeated simulations with no true difference), power, and spec errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as st

from analysis import ESTIMATORS, SpecError, load_study
from analysis.core.schema import DIAGNOSTICS, diag_name
from analysis.estimators.bdiff import FastRefit, p_value, permutation_draws, prepare_groups


def _column(options, formula="y ~ x + c1 | firm + year + firm^dest", vcov=None):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t", "columns": [{"name": "c", "formula": formula, "estimator": "bdiff",
                                                "vcov": vcov or {"CRV1": "dest"}, "options": options}]}]}
    return load_study(spec).tables[0].columns[0]


def _panel(seed: int, n: int = 1500, diff: float = 0.0, firms: int = 150) -> pd.DataFrame:
    """firm × destination × year rows; the group is a firm attribute; x correlated with the FE."""
    rng = np.random.default_rng(seed)
    firm, dest, year = rng.integers(0, firms, n), rng.integers(0, 6, n), rng.integers(2008, 2015, n)
    grp = np.where(firm % 3 == 0, 4, np.where(firm % 3 == 1, 2, 3))
    a_f = rng.normal(size=firms)
    x = rng.normal(size=n) + 0.5 * a_f[firm] + 0.1 * (year - 2008)
    c1 = rng.normal(size=n)
    beta = 0.5 + diff * (grp != 3)
    y = beta * x + 0.2 * c1 + a_f[firm] + 0.05 * (year - 2008) + rng.normal(size=n)
    return pd.DataFrame({"y": y, "x": x, "c1": c1, "firm": firm, "dest": dest, "year": year, "grp": grp})


OPTS = {"group": "grp", "groups": [[4, 2], 3], "draws": 99, "seed": 11}


def test_same_seed_same_result_and_groups_as_value_lists():
    df = _panel(1, diff=0.6)
    a = ESTIMATORS["bdiff"].fit(df, _column(OPTS)).coefs
    b = ESTIMATORS["bdiff"].fit(df, _column(OPTS)).coefs
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    c = ESTIMATORS["bdiff"].fit(df, _column({**OPTS, "seed": 12})).coefs.set_index("term")
    assert c.loc["diag:bdiff_null_mean:x", "estimate"] != a.set_index("term").loc["diag:bdiff_null_mean:x", "estimate"]
    t = a.set_index("term")
    # the column is the first group's regression; the other group's coefficient is its own fit
    first = df[df.grp.isin([4, 2])]
    ols = lambda d: ESTIMATORS["ols"].fit(d, load_study({  # noqa: E731
        "study": "s", "title": "t", "panel": "p", "tables": [{"id": "t", "columns": [
            {"name": "c", "formula": "y ~ x + c1 | firm + year + firm^dest", "vcov": {"CRV1": "dest"}}]}]}
    ).tables[0].columns[0]).coefs.set_index("term")
    assert t.loc["x", "estimate"] == ols(first).loc["x", "estimate"]
    other = ols(df[df.grp == 3]).loc["x", "estimate"]
    assert t.loc["diag:bdiff_b_other:x", "estimate"] == other
    assert t.loc["diag:bdiff_diff:x", "estimate"] == pytest.approx(t.loc["x", "estimate"] - other, abs=1e-12)
    assert t.loc["diag:bdiff_p:x", "estimate"] == t.loc["diag:bdiff_diff:x", "p_value"] < 0.05   # planted 0.6
    assert t.loc["diag:bdiff_draws", "estimate"] == 99
    assert {diag_name(x) for x in t.index if diag_name(x)} <= set(DIAGNOSTICS)


def _dummy_slope(d: pd.DataFrame) -> float:
    X = pd.concat([d[["x", "c1"]], pd.get_dummies(d["firm"].astype(str) + "_" + d["dest"].astype(str), drop_first=True,
                                                  dtype=float),
                   pd.get_dummies(d["year"], prefix="y", drop_first=True, dtype=float)], axis=1)
    return float(sm.OLS(d["y"], sm.add_constant(X)).fit().params["x"])


def test_permutation_draws_match_brute_force_refits():
    df = _panel(2, n=600, firms=60)
    col = _column(OPTS)
    d, first = prepare_groups(df, col)
    fast = FastRefit(d, col)
    assert fast.absorber.method == "exact"
    got = permutation_draws(fast, first, [fast.names.index("x")], 3, seed=5)[:, 0]
    rng = np.random.default_rng(5)
    for k in range(3):
        g = rng.permutation(first)
        want = _dummy_slope(d[g]) - _dummy_slope(d[~g])
        assert abs(got[k] - want) < 1e-8
    # the same with alternating projections (three crossed FE, no dense path)
    col3 = _column(OPTS, formula="y ~ x + c1 | firm + dest + year")
    fast3 = FastRefit(d, col3)
    fast3.absorber.method = "map"
    one = permutation_draws(fast3, first, [0], 1, seed=5)[0, 0]
    g = np.random.default_rng(5).permutation(first)
    X = lambda s: pd.concat([s[["x", "c1"]]] + [pd.get_dummies(s[v], prefix=v, drop_first=True, dtype=float)  # noqa
                                                 for v in ("firm", "dest", "year")], axis=1)
    slope = lambda s: sm.OLS(s["y"], sm.add_constant(X(s))).fit().params["x"]  # noqa: E731
    assert abs(one - (slope(d[g]) - slope(d[~g]))) < 1e-7


def test_p_value_conventions():
    draws = np.array([-0.3, -0.1, 0.0, 0.1, 0.2, 0.4])
    assert p_value(0.15, draws) == pytest.approx(2 / 6)            # one-sided, direction of d̂ > 0
    assert p_value(-0.15, draws) == pytest.approx(1 / 6)           # one-sided, direction of d̂ < 0
    assert p_value(0.15, draws, "two-sided") == pytest.approx(3 / 6)
    assert p_value(-0.15, draws, "greater") == pytest.approx(5 / 6)
    assert p_value(0.15, draws, "less") == pytest.approx(4 / 6)


def test_null_distribution_centred_and_p_uniform_without_a_difference():
    """30 simulated panels with the same coefficient in both groups, 99 permutations each."""
    ps, z = [], []
    for seed in range(30):
        t = ESTIMATORS["bdiff"].fit(_panel(100 + seed, n=500, firms=60),
                                    _column({**OPTS, "alternative": "two-sided", "seed": seed})).coefs.set_index("term")
        ps.append(t.loc["diag:bdiff_p:x", "estimate"])
        mean, sd = t.loc["diag:bdiff_null_mean:x", "estimate"], t.loc["diag:bdiff_null_sd:x", "estimate"]
        z.append(mean / (sd / np.sqrt(99)))                  # the null mean in units of its standard error
    assert np.abs(z).max() < 4 and abs(np.mean(z)) < 1.0
    assert st.kstest(ps, "uniform").pvalue > 0.01
    assert 0.3 < np.mean(ps) < 0.7


@pytest.mark.parametrize("options, needle", [
    ({"groups": [1, 0]}, "group"),
    ({"group": "grp", "groups": [1]}, "groups"),
    ({"group": "grp", "groups": [[1, 2], [2, 3]]}, "disjoint"),
    ({"group": "grp", "groups": [1, 0], "draws": 0}, "draws"),
    ({"group": "grp", "groups": [1, 0], "alternative": "one"}, "alternative"),
    ({"group": "grp", "groups": [1, 0], "reps": 10}, "unknown"),
    ({"group": "grp", "groups": [1, 0], "terms": ["z"]}, "not regressors"),
])
def test_spec_errors_name_the_column(options, needle):
    col = {"name": "(1)", "estimator": "bdiff", "formula": "y ~ x | firm", "options": options}
    with pytest.raises(SpecError) as exc:
        load_study({"study": "s", "title": "t", "panel": "p", "tables": [{"id": "tab5", "columns": [col]}]})
    assert "tab5" in str(exc.value) and "(1)" in str(exc.value) and needle in str(exc.value)
