"""Small OLS regressions, one per group (paper 002's per-firm price-distance regressions).

``per_group_ols(df, group, y, x, min_obs)`` fits y = b0 + x'b + e separately for every value of
``group`` with conventional (homoskedastic) standard errors: s^2 = e'e / (n - k - 1), two-sided
p-values from t(n - k - 1). A group with fewer than ``min_obs`` rows, no residual degrees of
freedom or a rank-deficient design (e.g. one destination, so no distance variation) gets status
``too_few_obs`` / ``singular`` and NaN estimates. Groups are processed in sorted order; the input
row order within a group does not change the result beyond floating-point rounding.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def per_group_ols(df: pd.DataFrame, group: str, y: str, x: list[str], min_obs: int = 5) -> pd.DataFrame:
    missing = [c for c in [group, y, *x] if c not in df.columns]
    if missing:
        raise ValueError(f"per_group_ols: missing columns {missing}")
    d = df[[group, y, *x]].dropna()
    d = d.sort_values(group, kind="mergesort")
    k = len(x) + 1
    rows = []
    for g, part in d.groupby(group, sort=True):
        n = len(part)
        rec = {group: g, "n_obs": n, "status": "ok"}
        if n < max(min_obs, k + 1):
            rec["status"] = "too_few_obs"
        else:
            X = np.column_stack([np.ones(n), part[x].to_numpy(dtype=float)])
            Y = part[y].to_numpy(dtype=float)
            if np.linalg.matrix_rank(X) < k:
                rec["status"] = "singular"
            else:
                b, *_ = np.linalg.lstsq(X, Y, rcond=None)
                e = Y - X @ b
                dof = n - k
                s2 = float(e @ e) / dof
                se = np.sqrt(np.diag(s2 * np.linalg.inv(X.T @ X)))
                for j, name in enumerate(x, start=1):
                    t = b[j] / se[j] if se[j] > 0 else np.nan
                    rec[f"b_{name}"], rec[f"se_{name}"] = b[j], se[j]
                    rec[f"p_{name}"] = 2 * stats.t.sf(abs(t), dof) if np.isfinite(t) else np.nan
        rows.append(rec)
    cols = [group, "n_obs", "status"] + [f"{p}_{name}" for name in x for p in ("b", "se", "p")]
    out = pd.DataFrame(rows).reindex(columns=cols)
    return out
