"""Per-group OLS (tradewh.firm_ols) against statsmodels, group by group."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradewh.firm_ols import per_group_ols


def _data(seed=3, groups=6, n=40):
    r = np.random.default_rng(seed)
    g = np.repeat([f"F{i}" for i in range(groups)], n)
    x1, x2 = r.normal(size=len(g)), r.normal(size=len(g))
    slope = np.repeat(r.normal(0, 0.5, groups), n)
    return pd.DataFrame({"firm": g, "x1": x1, "x2": x2, "y": 1 + slope * x1 - 0.2 * x2 + r.normal(size=len(g))})


def test_matches_statsmodels_per_group():
    sm = pytest.importorskip("statsmodels.api")
    df = _data()
    res = per_group_ols(df, "firm", "y", ["x1", "x2"]).set_index("firm")
    for g, part in df.groupby("firm"):
        fit = sm.OLS(part.y, sm.add_constant(part[["x1", "x2"]])).fit()
        for name in ("x1", "x2"):
            assert res.loc[g, f"b_{name}"] == pytest.approx(fit.params[name], abs=1e-12)
            assert res.loc[g, f"se_{name}"] == pytest.approx(fit.bse[name], abs=1e-12)
            assert res.loc[g, f"p_{name}"] == pytest.approx(fit.pvalues[name], abs=1e-12)


def test_small_and_singular_groups_and_order():
    df = _data(groups=2, n=10)
    df.loc[df.firm == "F1", "x1"] = 2.0                      # no variation: singular design
    small = pd.DataFrame({"firm": ["F9"] * 3, "x1": [1.0, 2, 3], "x2": [0.0, 1, 0], "y": [1.0, 2, 2]})
    res = per_group_ols(pd.concat([df, small]), "firm", "y", ["x1", "x2"], min_obs=5).set_index("firm")
    assert res.loc["F0", "status"] == "ok" and res.loc["F1", "status"] == "singular"
    assert res.loc["F9", "status"] == "too_few_obs" and np.isnan(res.loc["F9", "b_x1"])
    shuffled = per_group_ols(df.sample(frac=1, random_state=1), "firm", "y", ["x1", "x2"])
    pd.testing.assert_frame_equal(per_group_ols(df, "firm", "y", ["x1", "x2"]), shuffled, atol=1e-12)
    with pytest.raises(ValueError, match="missing columns"):
        per_group_ols(df, "firm", "y", ["x3"])
