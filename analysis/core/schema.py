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

# Per-model statistics that are not coefficients (IV diagnostics, Heckman's λ, a permutation
# p-value, …) are stored as rows of the estimates table whose term is ``diag:<name>[:<part>…]``:
# ``estimate`` holds the value, ``p_value`` the p-value of a test (NaN otherwise), ``statistic``
# the test statistic, ``std_error``/``conf_*`` only where they mean something (first-stage and
# probit coefficients). A table prints them with ``stat_rows``; specs may name only the
# registered names below (checked when a spec loads), and estimators emit only these.
DIAG_PREFIX = "diag:"
DIAGNOSTICS = {
    # IV (estimator ``iv``)
    "first_stage": "first-stage coefficient of an excluded instrument (diag:first_stage:<endog>:<instrument>)",
    "first_stage_f": "first-stage partial F of the excluded instruments, model vcov (diag:first_stage_f:<endog>)",
    "first_stage_partial_r2": "first-stage partial R² of the excluded instruments "
                              "(diag:first_stage_partial_r2:<endog>)",
    "kp_rk_lm": "Kleibergen-Paap rk LM statistic (underidentification), p from chi2(L-K+1)",
    "kp_rk_lm_df": "degrees of freedom of the Kleibergen-Paap rk LM / Anderson LM test",
    "kp_rk_wald_f": "Kleibergen-Paap rk Wald F statistic (weak identification, robust)",
    "cd_wald_f": "Cragg-Donald Wald F statistic (weak identification, iid)",
    "cd_wald_f_sy10": "Stock-Yogo critical value of the Cragg-Donald F, 10% maximal IV size",
    "anderson_lm": "Anderson canonical-correlations LM statistic (underidentification, iid), p from chi2(L-K+1)",
    "anderson_lm_df": "degrees of freedom of the Anderson LM test",
    "sargan": "Sargan over-identification statistic (iid), p from chi2(L-K)",
    "hansen_j": "Hansen J over-identification statistic (robust/cluster), p from chi2(L-K)",
    "overid_df": "degrees of freedom of the over-identification test",
    # Heckman two-step (estimator ``heckman``)
    "probit": "selection-probit coefficient (diag:probit:<regressor>)",
    "probit_n": "observations in the selection probit",
    "probit_n_selected": "selected observations (selection indicator = 1) in the probit",
    "probit_ll": "log likelihood of the selection probit",
    "probit_pseudo_r2": "McFadden pseudo R² of the selection probit",
    "heckman_lambda": "lambda = coefficient of the inverse Mills ratio (rho·sigma)",
    "heckman_rho": "rho = lambda / sigma (Heckman two-step)",
    "heckman_sigma": "sigma of the outcome error (Heckman two-step)",
    # Fisher permutation test of a coefficient difference (estimator ``bdiff``)
    "bdiff_b_other": "coefficient in the other group (diag:bdiff_b_other:<term>)",
    "bdiff_diff": "coefficient difference, this group minus the other (diag:bdiff_diff:<term>)",
    "bdiff_p": "empirical permutation p-value of the difference (diag:bdiff_p:<term>)",
    "bdiff_null_mean": "mean of the permutation distribution of the difference (diag:bdiff_null_mean:<term>)",
    "bdiff_null_sd": "standard deviation of the permutation distribution (diag:bdiff_null_sd:<term>)",
    "bdiff_draws": "number of permutations",
    "bdiff_n_other": "observations in the other group",
    # three-step mediation (estimator ``mediation``) with a bootstrap
    "bootstrap_missing": "bootstrap draws left out of the interval of a·b because a regressor was collinear in "
                         "the resample",
    # any estimator
    "not_estimable": "the column's model is not identified on its data (no complete row, every row a singleton "
                     "of the fixed effects, the reported regressor collinear, or no residual degrees of freedom): "
                     "no estimates; the run log says why (analysis.core.errors.NotEstimable)",
    # planted values on another scale than the outcome (spec truth `scale`, analysis.runner)
    "truth_scale": "standardisation multiplier of a planted effect: the coefficient of the term in the column's "
                   "regression of (scale column x term) on the same right-hand side (diag:truth_scale:<term>)",
    "planted_effect": "synthetic universes: the coefficient of the term when the column's regression is run on the "
                      "per-row planted effect instead of the outcome (diag:planted_effect:<term>; analysis.planted)",
}


def diag_term(name: str, *parts: str) -> str:
    """The estimates-table term of a registered diagnostic (``diag:<name>[:<part>…]``)."""
    if name not in DIAGNOSTICS:
        raise KeyError(f"diagnostic {name!r} is not registered in analysis.core.schema.DIAGNOSTICS")
    return ":".join([DIAG_PREFIX + name, *map(str, parts)])


def diag_name(term: str) -> str | None:
    """The registered name of a diagnostic term (None for a coefficient term)."""
    if not str(term).startswith(DIAG_PREFIX):
        return None
    return str(term)[len(DIAG_PREFIX):].split(":", 1)[0]


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


def tidy_rows(rows: list[dict]) -> pd.DataFrame:
    """A tidy coefficient table from dicts with a term and some statistics (the others NaN)."""
    return pd.DataFrame(rows, columns=TIDY_COLUMNS).astype({c: "float64" for c in TIDY_COLUMNS[1:]})


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
