"""Small OLS regressions, one per group (paper 002's per-firm price-distance regressions).

``per_group_ols(df, group, y, x, min_obs)`` fits y = b0 + x'b + e separately for every value of
``group`` with conventional (homoskedastic) standard errors: s^2 = e'e / (n - k - 1), two-sided
p-values from t(n - k - 1). A group with fewer than ``min_obs`` rows (or no residual degrees of
freedom) gets status ``too_few_obs``; a rank-deficient design (e.g. one destination, so no
distance variation) ``singular``; both have NaN estimates.

Vectorised: the cross-products X'X and X'y of every group are sums of row products (one
``bincount`` each) on the regressors centred at their group means (numerically stable), and the
k x k systems of all groups are solved at once; the cost is linear in rows (about a second for a
million rows and 100,000 groups). Groups are returned in sorted order.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

RANK_TOL = 1e-10


def per_group_ols(df: pd.DataFrame, group: str, y: str, x: list[str], min_obs: int = 5) -> pd.DataFrame:
    missing = [c for c in [group, y, *x] if c not in df.columns]
    if missing:
        raise ValueError(f"per_group_ols: missing columns {missing}")
    d = df[[group, y, *x]].dropna()
    keys, g = np.unique(d[group].to_numpy(), return_inverse=True)
    m, k = len(keys), len(x)
    n = np.bincount(g, minlength=m).astype(float)
    Y = d[y].to_numpy(dtype=float)
    X = d[x].to_numpy(dtype=float).reshape(len(d), k)
    with np.errstate(invalid="ignore", divide="ignore"):
        # centre on group means: the intercept drops out of the slope system
        Xc = X - (np.stack([np.bincount(g, X[:, j], m) for j in range(k)], 1) / n[:, None])[g]
        Yc = Y - (np.bincount(g, Y, m) / n)[g]
    xx = np.empty((m, k, k))
    xy = np.empty((m, k))
    for a in range(k):
        xy[:, a] = np.bincount(g, Xc[:, a] * Yc, m)
        for b in range(a, k):
            xx[:, a, b] = xx[:, b, a] = np.bincount(g, Xc[:, a] * Xc[:, b], m)
    yy = np.bincount(g, Yc * Yc, m)
    dof = n - k - 1
    enough = (n >= max(min_obs, k + 2)) & (dof > 0)
    # rank: smallest eigenvalue of the scaled cross-product (a constant regressor has none)
    scale = np.sqrt(np.einsum("gii->gi", xx))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = xx / (scale[:, :, None] * scale[:, None, :])
    full = enough & (scale > 0).all(axis=1)
    full[full] = np.linalg.eigvalsh(corr[full]).min(axis=1) > RANK_TOL
    b = np.full((m, k), np.nan)
    se = np.full((m, k), np.nan)
    if full.any():
        inv = np.linalg.inv(xx[full])
        b[full] = np.einsum("gij,gj->gi", inv, xy[full])
        rss = np.maximum(yy[full] - np.einsum("gi,gi->g", b[full], xy[full]), 0.0)
        s2 = rss / dof[full]
        se[full] = np.sqrt(s2[:, None] * np.einsum("gii->gi", inv))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = b / se
        p = 2 * stats.t.sf(np.abs(t), np.where(full, dof, 1)[:, None])
    p = np.where(np.isfinite(t), p, np.nan)
    out = pd.DataFrame({group: keys, "n_obs": n.astype("int64"),
                        "status": np.where(~enough, "too_few_obs", np.where(full, "ok", "singular"))})
    for j, name in enumerate(x):
        out[f"b_{name}"], out[f"se_{name}"], out[f"p_{name}"] = b[:, j], se[:, j], p[:, j]
    return out
