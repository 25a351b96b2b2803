"""Exact two-way fixed-effects residuals against an independent dummy-variable OLS."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from tradewh.numerics import drop_singletons, two_way_residuals


def _dummies_ols_resid(y, a, b):
    X = pd.get_dummies(pd.DataFrame({"a": a.astype(str), "b": b.astype(str)}), drop_first=True).astype(float)
    return sm.OLS(y, sm.add_constant(X)).fit().resid.to_numpy()


def test_residuals_match_dummy_ols_to_1e_10():
    rng = np.random.default_rng(3)
    n = 2500
    a, b = rng.integers(0, 60, n), rng.integers(0, 45, n)
    y = rng.normal(size=(n, 2)) + 0.3 * a[:, None] - np.cos(b)[:, None]
    keep = drop_singletons(a, b)
    r = two_way_residuals(y[keep], a[keep], b[keep])
    for j in range(2):
        np.testing.assert_allclose(r[:, j], _dummies_ols_resid(y[keep, j], a[keep], b[keep]), atol=1e-10)


@pytest.mark.filterwarnings("ignore:The design matrix is rank-deficient")
def test_disconnected_groups_and_factor_order():
    # two components that share no levels: each has its own normalisation
    a = np.array([0, 0, 1, 1, 2, 2, 3, 3, 3])
    b = np.array([0, 1, 0, 1, 2, 3, 2, 3, 3])
    y = np.arange(9, dtype=float) ** 1.5
    expected = _dummies_ols_resid(y, a, b)
    np.testing.assert_allclose(two_way_residuals(y, a, b), expected, atol=1e-10)
    np.testing.assert_allclose(two_way_residuals(y, b, a), expected, atol=1e-10)


def test_singletons_are_dropped_iteratively():
    a = np.array([0, 0, 1, 1, 2])   # level 2 is a singleton ...
    b = np.array([0, 1, 0, 1, 1])
    keep = drop_singletons(a, b)
    assert keep.tolist() == [True, True, True, True, False]
    a2 = np.array([0, 0, 1, 2])     # ... and dropping it can create new singletons
    b2 = np.array([0, 1, 1, 2])
    assert drop_singletons(a2, b2).tolist() == [False, False, False, False]
