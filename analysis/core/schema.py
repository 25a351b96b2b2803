"""The results schema: tidy coefficient columns, model statistics, and the two Parquet
tables every study writes (estimates, descriptives) with their fixed types.

One definition for the estimators (what they return), the runner (what it writes), the
tables (which statistic rows they print) and dbt (the `results` models read these files)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

TIDY_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"]


@dataclass(frozen=True)
class ModelStat:
    key: str      # column of the estimates table
    label: str    # row label in a rendered table


# spec / table name -> statistic; the order is the estimates table's column order
MODEL_STATS = {
    "N": ModelStat("nobs", "N"),
    "R2": ModelStat("r2", "R²"),
    "R2_within": ModelStat("r2_within", "Within R²"),
    "adj_R2": ModelStat("adj_r2", "Adj. R²"),
    "clusters": ModelStat("n_clusters", "Clusters"),
}
MODEL_STAT_KEYS = [s.key for s in MODEL_STATS.values()]
COUNT_STATS = {"nobs", "n_clusters"}     # printed as integers

META_COLUMNS = ["fixed_effects", "vcov", "formula", "sample", "depvar", "estimator", "spec_sha256"]
ESTIMATE_COLUMNS = ["study", "table_id", "column", *TIDY_COLUMNS, *MODEL_STAT_KEYS, *META_COLUMNS]
DESCRIPTIVE_COLUMNS = ["study", "table_id", "variable", "statistic", "value"]
LONG_COLUMNS = ["variable", "statistic", "value"]        # descriptives rows before study/table ids
_ESTIMATE_DTYPES = {**{c: "float64" for c in TIDY_COLUMNS[1:] + ["r2", "r2_within", "adj_r2"]},
                    "nobs": "int64", "n_clusters": "Int64"}


@dataclass
class EstimatorResult:
    """Tidy output of one spec column: coefficient frame (TIDY_COLUMNS) and model statistics
    (MODEL_STAT_KEYS)."""
    coefs: pd.DataFrame
    stats: dict[str, float]
    extra: dict[str, Any] = field(default_factory=dict)  # small, JSON-able notes only


def dtypes(columns: list[str]) -> dict[str, str]:
    """pandas dtypes of the numeric columns of the estimates or descriptives table."""
    return _ESTIMATE_DTYPES if columns == ESTIMATE_COLUMNS else {"value": "float64"}


def typed_frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Concatenate with fixed dtypes; text columns as object with None for missing."""
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    df = df[columns].copy()
    types = dtypes(columns)
    for c in columns:
        if c in types:
            df[c] = df[c].astype(types[c])
        else:
            df[c] = df[c].astype("object").where(df[c].notna(), None)
    return df


def arrow_schema(columns: list[str]):
    """Fixed Parquet schema: strings, float64 statistics, int64 counts (no all-null 'null' types)."""
    import pyarrow as pa

    kind = {"float64": pa.float64(), "int64": pa.int64(), "Int64": pa.int64()}
    types = dtypes(columns)
    return pa.schema([(c, kind[types[c]] if c in types else pa.string()) for c in columns])


def axis_key(v) -> str:
    """A group or x value of a group-means figure as stored text: 1/0 for booleans, integers
    without '.0' (the descriptives rows ``y[group=<key>]`` / ``mean_<key>``)."""
    if isinstance(v, (bool, np.bool_)):
        return str(int(v))
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)
