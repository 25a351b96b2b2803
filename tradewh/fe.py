"""Absorbing fixed effects: cross-products and residuals of columns after sweeping out sets of
group dummies, exactly where the structure allows it and by alternating projections otherwise.

Used where a model is refitted many times on changing rows (the permutation test of
``analysis.estimators.bdiff``) and by tests as a reference. Conventions:

- An FE is an integer code per row (``codes(...)`` builds one from key columns, also
  interactions). An FE nested in another (every level of B inside one level of A, e.g. firm in
  firm×destination) spans nothing new and is dropped (``drop_nested``). With no FE a constant
  is absorbed, so results are always "demeaned".
- **Exact path** (``method == "exact"``): one large FE A and small ones B₁…B_m with at most
  ``dense_max`` levels together. With B the stacked dummies and M_A the within-A projection,
      W'M W = W'M_A W − (B'M_A W)' (B'M_A B)⁺ (B'M_A W),
      W'M_A W = W'W − Σ_a s_a s_a'/n_a,   B'M_A W = B'W − (A'B)' diag(1/n) A'W,
  all from group sums (one sparse product each) and an S × S pseudo-inverse (S = Σ levels of
  the B's; (B'M_A B) is singular by one dimension per redundant level, hence ⁺). Residuals are
  W_A − B_A c with c = (B'M_A B)⁺ B'M_A W. Machine precision, no iterations.
- **MAP path**: alternating projections (demean by each FE in turn until the largest group mean
  of the residuals is below ``tol`` times the columns' scale). Exact in the limit; used when
  there are two or more large FE.
- ``split_crossproducts(W, in_group)`` returns the partialled cross-products of the rows in and
  out of a group, each with its own fixed effects (the FE interacted with the group): on the
  exact path the sums over the smaller group's rows are computed and the other group's are the
  totals minus them, so a permutation costs one pass over at most half of the rows.
Columns are centred before any sum (the constant is in every FE's span), which keeps the
subtraction of Σ s s'/n from W'W free of cancellation when a column has a large mean.
No weights; singletons need no special handling (their residuals are exactly zero).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp


def codes(*keys) -> np.ndarray:
    """Dense int64 codes 0..G−1 of the combination of one or more key arrays (an interaction)."""
    if not keys:
        raise ValueError("codes: at least one key")
    out = None
    for k in keys:
        c = _compact(np.asarray(k))
        out = c if out is None else _compact(out * (int(c.max()) + 1 if len(c) else 1) + c)
    return out


def _compact(c: np.ndarray) -> np.ndarray:
    """Codes 0..G−1 in order of first appearance (hash-based; missing values are an error)."""
    out = pd.factorize(np.asarray(c).ravel(), use_na_sentinel=True)[0].astype(np.int64)
    if len(out) and out.min() < 0:
        raise ValueError("fixed effects: missing values in an FE key")
    return out


def nested_in(inner: np.ndarray, outer: np.ndarray) -> bool:
    """True when every level of ``outer`` lies inside one level of ``inner`` (outer refines inner)."""
    if not len(outer):
        return True
    inner, outer = _compact(inner), _compact(outer)
    pairs = _compact(outer * (int(inner.max()) + 1) + inner)
    return int(pairs.max()) == int(outer.max())


def drop_nested(fes: list[np.ndarray]) -> list[np.ndarray]:
    """The FE that add columns to the span: those nested in another FE (or duplicates) are dropped."""
    fes = [_compact(np.asarray(f)) for f in fes]
    keep: list[np.ndarray] = []
    for i, f in enumerate(fes):
        redundant = any(
            nested_in(f, g) and (not nested_in(g, f) or j < i)   # duplicates: keep the first
            for j, g in enumerate(fes) if j != i)
        if not redundant:
            keep.append(f)
    return keep


def _indicator(c: np.ndarray, n_levels: int) -> sp.csr_matrix:
    """Levels × rows 0/1 matrix (so ``D @ W`` gives group sums)."""
    n = len(c)
    return sp.csr_matrix((np.ones(n), (c, np.arange(n))), shape=(n_levels, n))


def _pinv_psd(m: np.ndarray, rtol: float = 1e-11) -> np.ndarray:
    """Pseudo-inverse of a symmetric positive semi-definite matrix (eigenvalues below rtol·max are 0)."""
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    top = vals.max() if len(vals) else 0.0
    keep = vals > rtol * max(top, 0.0)
    return (vecs[:, keep] / vals[keep]) @ vecs[:, keep].T


class Absorber:
    """Fixed effects of a fixed set of rows, set up once and applied to any columns.

    ``fes``: one int/str/float array per FE (length n). ``dense_max``: the largest total number of
    levels of the small FE for the exact path. ``tol``/``maxiter``: MAP convergence.
    """

    def __init__(self, fes: list, dense_max: int = 500, tol: float = 1e-12, maxiter: int = 10_000):
        fes = [np.asarray(f) for f in fes]
        n = len(fes[0]) if fes else None
        if any(len(f) != n for f in fes):
            raise ValueError("Absorber: every FE needs one code per row")
        self.fes = drop_nested(fes) if fes else []
        self.n = n
        self.tol, self.maxiter = tol, maxiter
        self.levels = [int(f.max()) + 1 if len(f) else 0 for f in self.fes]
        if not self.fes:
            self.method = "constant"
            return
        order = np.argsort(self.levels, kind="stable")[::-1]
        self.fes = [self.fes[i] for i in order]
        self.levels = [self.levels[i] for i in order]
        small = sum(self.levels[1:])
        self.method = "exact" if small <= dense_max else "map"
        self.a = self.fes[0]
        self.n_a = self.levels[0]
        offsets = np.cumsum([0, *self.levels[1:]])
        self.b_codes = [f + off for f, off in zip(self.fes[1:], offsets[:-1])]
        self.n_b = int(offsets[-1])

    # -- the exact path, as sums over a subset of rows ------------------------------------------
    def _sums(self, W: np.ndarray, rows: np.ndarray | None) -> dict:
        """Group sums over ``rows`` (all rows if None): n_a; H = [A'W | A'B] (levels of A × (k + S));
        W'W; and with small FE B'W and B'B."""
        a = self.a if rows is None else self.a[rows]
        Wr = W if rows is None else W[rows]
        n, k = Wr.shape
        H = np.empty((self.n_a, k + self.n_b))
        H[:, :k] = _indicator(a, self.n_a) @ Wr
        out = {"n_a": np.bincount(a, minlength=self.n_a).astype(float), "H": H, "WW": Wr.T @ Wr}
        if self.n_b:
            bs = [b if rows is None else b[rows] for b in self.b_codes]
            H[:, k:] = 0.0
            for b in bs:                                  # A'B: counts of (level of A, level of B)
                H[:, k:] += np.bincount(a * self.n_b + b, minlength=self.n_a * self.n_b
                                        ).reshape(self.n_a, self.n_b)
            B = sp.csr_matrix((np.ones(n * len(bs)), (np.repeat(np.arange(n), len(bs)), np.stack(bs, 1).ravel())),
                              shape=(n, self.n_b))
            out["BW"] = B.T @ Wr
            out["BB"] = (B.T @ B).toarray()
        return out

    def _partialled(self, s: dict) -> np.ndarray:
        k = s["WW"].shape[0]
        root = np.sqrt(np.divide(1.0, s["n_a"], out=np.zeros_like(s["n_a"]), where=s["n_a"] > 0))
        q = s["H"]
        q *= root[:, None]                                # in place: the sums are temporaries
        G = q.T @ q                                       # one Gram: [A'W | A'B]' diag(1/n) [A'W | A'B]
        WMW = s["WW"] - G[:k, :k]
        if not self.n_b:
            return WMW
        BMW = s["BW"] - G[k:, :k]
        BMB = s["BB"] - G[k:, k:]
        return WMW - BMW.T @ _pinv_psd(BMB) @ BMW

    @staticmethod
    def _diff(total: dict, part: dict) -> dict:
        return {k: v - part[k] for k, v in total.items() if k != "W"}

    # -- public ----------------------------------------------------------------------------------
    def crossproducts(self, W: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """W'MW: cross-products of W's columns after absorbing the FE of ``rows`` (index or mask)."""
        W = self._centre(W)
        rows = self._rows(rows)
        if self.method == "constant":
            Wr = W if rows is None else W[rows]
            Wr = Wr - Wr.mean(axis=0) if len(Wr) else Wr
            return Wr.T @ Wr
        if self.method == "exact":
            return self._partialled(self._sums(W, rows))          # fresh sums: scaled in place
        R = self.residuals(W, rows)
        return R.T @ R

    def split_crossproducts(self, W: np.ndarray, in_group: np.ndarray, total: dict | None = None
                            ) -> tuple[np.ndarray, np.ndarray]:
        """(W'MW over the rows in the group, over the rows out of it), each group with its own FE.

        ``total``: ``self.totals(W)`` computed once, for repeated calls (exact path)."""
        in_group = np.asarray(in_group, dtype=bool)
        if self.method != "exact":
            return self.crossproducts(W, in_group), self.crossproducts(W, ~in_group)
        total = total if total is not None else self.totals(W)
        smaller_in = in_group.sum() * 2 <= len(in_group)       # sum over the smaller group's rows
        part = self._sums(total["W"], np.flatnonzero(in_group if smaller_in else ~in_group))
        other = self._diff(total, part)
        c_part, c_other = self._partialled(part), self._partialled(other)
        return (c_part, c_other) if smaller_in else (c_other, c_part)

    def totals(self, W: np.ndarray) -> dict:
        """Sums over all rows for ``split_crossproducts`` (computed once per W; never modified)."""
        Wc = self._centre(W)
        return {**self._sums(Wc, None), "W": Wc} if self.method == "exact" else {"W": Wc}

    def residuals(self, W: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Residuals of W's columns (over ``rows``) on the dummies of every FE of those rows."""
        W = np.asarray(W, dtype=np.float64)
        one_d = W.ndim == 1
        W = W.reshape(len(W), -1)
        rows = self._rows(rows)
        Wr = (W if rows is None else W[rows]).copy()
        if self.method == "constant" or not len(Wr):
            Wr -= Wr.mean(axis=0) if len(Wr) else 0.0
        elif self.method == "exact":
            a = self.a if rows is None else self.a[rows]
            Wr = self._exact_residuals(Wr, a, [b if rows is None else b[rows] for b in self.b_codes])
        else:
            Wr = self._map(Wr, [f if rows is None else f[rows] for f in self.fes])
        return Wr[:, 0] if one_d else Wr

    # -- helpers ---------------------------------------------------------------------------------
    def _rows(self, rows):
        if rows is None:
            return None
        rows = np.asarray(rows)
        return np.flatnonzero(rows) if rows.dtype == bool else rows

    @staticmethod
    def _centre(W: np.ndarray) -> np.ndarray:
        W = np.asarray(W, dtype=np.float64)
        W = W.reshape(len(W), -1)
        return W - W.mean(axis=0) if len(W) else W

    def _exact_residuals(self, W: np.ndarray, a: np.ndarray, bs: list[np.ndarray]) -> np.ndarray:
        n_a = np.bincount(a, minlength=self.n_a).astype(float)
        inv = np.divide(1.0, n_a, out=np.zeros_like(n_a), where=n_a > 0)
        A = _indicator(a, self.n_a)
        WA = W - ((A @ W) * inv[:, None])[a]
        if not bs:
            return WA
        m, n = len(bs), len(a)
        B = sp.csr_matrix((np.ones(n * m), (np.repeat(np.arange(n), m), np.stack(bs, 1).ravel())),
                          shape=(n, self.n_b))
        AB = (A @ B).toarray()
        BMB = (B.T @ B).toarray() - AB.T @ (AB * inv[:, None])
        BMW = B.T @ WA                      # = B'M_A W (M_A symmetric, idempotent)
        c = _pinv_psd(BMB) @ BMW
        Bc = B @ c
        return WA - (Bc - ((A @ Bc) * inv[:, None])[a])

    def _map(self, W: np.ndarray, fes: list[np.ndarray]) -> np.ndarray:
        """Alternating projections until every FE's largest group mean is below tol·scale."""
        scale = max(float(np.abs(W).max()) if W.size else 0.0, 1.0)
        groups = []
        for f in fes:
            c = _compact(f)
            cnt = np.bincount(c).astype(float)
            groups.append((c, _indicator(c, len(cnt)), 1.0 / cnt))
        for _ in range(self.maxiter):
            worst = 0.0
            for c, D, inv in groups:
                means = (D @ W) * inv[:, None]
                worst = max(worst, float(np.abs(means).max()))
                W -= means[c]
            if worst <= self.tol * scale:
                return W
        raise ValueError(f"fixed effects did not converge in {self.maxiter} alternating projections")


def ols_from_crossproducts(C: np.ndarray, rcond: float = 1e-10) -> np.ndarray:
    """Slopes of column 0 on columns 1.. from a cross-product matrix W'W (W = [y, X]).

    Collinear regressors get the minimum-norm solution (identified slopes are unaffected);
    a regressor with no variation left gets 0."""
    Cxx, Cxy = C[1:, 1:], C[1:, 0]
    return np.linalg.lstsq(Cxx, Cxy, rcond=rcond)[0]
