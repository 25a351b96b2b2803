"""tradewh.fe against explicit dummy regressions (numpy least squares on [1, dummies])."""
from __future__ import annotations

import numpy as np
import pytest

from tradewh.fe import Absorber, codes, drop_nested, nested_in, ols_from_crossproducts


@pytest.fixture(scope="module")
def design():
    rng = np.random.default_rng(5)
    n = 2500
    firm, dest, year = rng.integers(0, 70, n), rng.integers(0, 9, n), rng.integers(0, 6, n)
    # columns with large means and FE-correlated parts: what centring and the exact path must handle
    W = rng.normal(size=(n, 4)) + 0.4 * (firm % 5)[:, None] + 0.2 * year[:, None] + 8.0
    return firm, dest, year, W, rng.random(n) < 0.35


def _dummy_residuals(W, fes, rows):
    cols = [np.ones(len(rows))]
    for f in fes:
        f = f[rows]
        cols += [(f == v).astype(float) for v in np.unique(f)[1:]]
    D = np.column_stack(cols)
    return W[rows] - D @ np.linalg.lstsq(D, W[rows], rcond=None)[0]


CASES = {   # name: (FE builder, dense_max, expected method)
    "firm×dest + year + firm (nested)": (lambda f, d, y: [codes(f, d), y, f], 500, "exact"),
    "one FE": (lambda f, d, y: [codes(f, d)], 500, "exact"),
    "three crossed FE, dense": (lambda f, d, y: [f, d, y], 500, "exact"),
    "three crossed FE, MAP": (lambda f, d, y: [f, d, y], 5, "map"),
    "no FE (constant)": (lambda f, d, y: [], 500, "constant"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_residuals_crossproducts_and_split_match_dummies(design, case):
    firm, dest, year, W, g = design
    build, dense_max, method = CASES[case]
    fes = build(firm, dest, year)
    ab = Absorber(fes, dense_max=dense_max)
    assert ab.method == method
    all_rows = np.arange(len(W))
    ref = _dummy_residuals(W, fes, all_rows)
    assert np.abs(ab.residuals(W) - ref).max() < 1e-9
    assert np.abs(ab.crossproducts(W) - ref.T @ ref).max() < 1e-8 * np.abs(ref.T @ ref).max()
    total = ab.totals(W)
    for grp in (g, ~g):         # the smaller group first and second; the totals are reused, never modified
        c1, c0 = ab.split_crossproducts(W, grp, total)
        r1, r0 = _dummy_residuals(W, fes, np.flatnonzero(grp)), _dummy_residuals(W, fes, np.flatnonzero(~grp))
        assert np.abs(c1 - r1.T @ r1).max() < 1e-8 * np.abs(r1.T @ r1).max()
        assert np.abs(c0 - r0.T @ r0).max() < 1e-8 * np.abs(r0.T @ r0).max()
    beta = ols_from_crossproducts(c1)
    assert np.allclose(beta, np.linalg.lstsq(r1[:, 1:], r1[:, 0], rcond=None)[0], atol=1e-10)


def test_nesting_and_codes():
    f = np.array([1, 1, 2, 2, 3, 3])
    fd = codes(f, np.array([0, 1, 0, 1, 0, 0]))
    assert list(fd) == [0, 1, 2, 3, 4, 4]
    assert nested_in(f, fd) and not nested_in(fd, f)
    kept = drop_nested([f, fd, np.array(list("aabbcc"))])      # f and its duplicate go
    assert len(kept) == 1 and list(kept[0]) == list(fd)
    with pytest.raises(ValueError, match="missing"):
        codes(np.array([1.0, np.nan]))


def test_map_reports_non_convergence(design):
    firm, dest, year, W, _ = design
    ab = Absorber([firm, dest, year], dense_max=0, maxiter=1)
    with pytest.raises(ValueError, match="did not converge"):
        ab.residuals(W)
