"""A composite index's weights as a table (paper 003 Table 1): estimator ``index_weights``.

The weights are computed in SQL (dbt: idx_dig_entropy_weights) and carried by the panel, one
column per component (``w_<component>``, the weight used to build that row's index). A spec
column lists the index and its components as a formula, ``dig ~ broadband_ports + ...``; the
estimate of each component is its weight (the mean over the selected rows: the weight itself
when it is pooled, the average of the yearly weights otherwise, with their min and max as the
interval). Term ``total`` is the sum of the reported weights (1 for pooled weights).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.schema import TIDY_COLUMNS, EstimatorResult
from analysis.estimators.base import Estimator
from analysis.spec.types import Column

OPTION_KEYS = {"prefix"}


def _components(column: Column) -> list[str]:
    return [t.strip() for t in column.parsed.rhs.split("+") if t.strip()]


def _prefix(column: Column) -> str:
    return str(column.options.get("prefix", "w_"))


def columns(column: Column) -> list[str]:
    return [_prefix(column) + c for c in _components(column)]


def validate(options: dict) -> None:
    bad = sorted(set(options) - OPTION_KEYS)
    if bad:
        raise ValueError(f"options: unknown {bad}; allowed {sorted(OPTION_KEYS)}")


def fit_weights(data: pd.DataFrame, column: Column) -> EstimatorResult:
    rows = []
    for comp in _components(column):
        w = data[_prefix(column) + comp].to_numpy(dtype="float64")
        w = w[~np.isnan(w)]
        if not len(w):
            raise ValueError(f"index_weights: no weight for {comp!r} in the selected rows")
        rows.append({"term": comp, "estimate": float(w.mean()), "std_error": np.nan, "statistic": np.nan,
                     "p_value": np.nan, "conf_low": float(w.min()), "conf_high": float(w.max())})
    total = sum(r["estimate"] for r in rows)
    rows.append({"term": "total", "estimate": total, **{k: np.nan for k in TIDY_COLUMNS[2:]}})
    stats = {"nobs": float(len(data)), "r2": np.nan, "r2_within": np.nan, "adj_r2": np.nan,
             "n_clusters": np.nan}
    return EstimatorResult(pd.DataFrame(rows, columns=TIDY_COLUMNS), stats)


ESTIMATOR = Estimator(fit_weights, columns, validate=validate,
                      description="weights of a composite index as carried by the panel (w_<component> columns)")
