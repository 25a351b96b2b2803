"""Descriptive statistics the way Stata's ``summarize, detail`` / ``tabstat`` print them.

Each variable is summarised over its own non-missing rows (Stata ``summarize`` behaviour),
so N may differ by variable. ``sd`` uses ddof = 1.

Percentiles: Stata's definition for ``summarize, detail``, ``tabstat`` and ``centile``-free
summaries is the inverse of the empirical CDF with averaging at jumps: with P = n·p/100, the
p-th percentile is x_(⌈P⌉) if P is not an integer and (x_(P) + x_(P+1))/2 if it is. This is
Hyndman–Fan type 2, numpy's ``method="averaged_inverted_cdf"``; numpy's default (type 7,
linear interpolation) would give values Stata never prints (e.g. on 0/1 dummies).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

STATISTICS = ("N", "mean", "sd", "p25", "p50", "p75", "min", "max")
PERCENTILE_METHOD = "averaged_inverted_cdf"


def stata_percentile(x: np.ndarray, p: float) -> float:
    """p in [0, 100]; Stata ``summarize, detail`` definition (see module docstring)."""
    x = np.asarray(x, dtype="float64")
    return float(np.percentile(x, p, method=PERCENTILE_METHOD)) if x.size else np.nan


def summarize(x: pd.Series | np.ndarray, statistics=STATISTICS) -> dict[str, float]:
    """Statistics of one variable over its non-missing values."""
    s = pd.Series(x)
    if pd.api.types.is_bool_dtype(s) or isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        s = pd.Series(s.to_numpy(dtype="float64", na_value=np.nan))
    v = s.to_numpy(dtype="float64")
    v = v[~np.isnan(v)]
    n = v.size
    funcs = {
        "N": lambda: float(n),
        "mean": lambda: float(v.mean()) if n else np.nan,
        "sd": lambda: float(v.std(ddof=1)) if n > 1 else np.nan,
        "p25": lambda: stata_percentile(v, 25),
        "p50": lambda: stata_percentile(v, 50),
        "p75": lambda: stata_percentile(v, 75),
        "min": lambda: float(v.min()) if n else np.nan,
        "max": lambda: float(v.max()) if n else np.nan,
    }
    unknown = [k for k in statistics if k not in funcs]
    if unknown:
        raise ValueError(f"unknown statistics {unknown}; allowed {list(STATISTICS)}")
    return {k: funcs[k]() for k in statistics}


def describe(data: pd.DataFrame, variables: list[str], statistics=STATISTICS) -> pd.DataFrame:
    """Long frame (variable, statistic, value) in the given variable and statistic order."""
    rows = []
    for var in variables:
        for stat, value in summarize(data[var], statistics).items():
            rows.append({"variable": var, "statistic": stat, "value": value})
    return pd.DataFrame(rows, columns=["variable", "statistic", "value"])
