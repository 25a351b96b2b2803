"""Expectations for panel_digital_patents_quality (paper 002: firm x destination x year).

Distributional and study-specific checks only, on the study firms' rows (in_universe): the
study window, rows per year, completeness of quality and of the regressor, the share of rows with
controls, plausible ranges of estimated quantities (raw KSW quality, standardisation multipliers,
controls), means of the split variables and instruments. Keys (unique firm x destination x year,
not null), code formats, 0/1 and class domains and identities (firm_dest, quality in [0, 1],
digtech = ln(1 + applications), the window) are dbt tests in
dbt_project/models/marts/panels/panel_digital_patents_quality.yml ("Checks: who owns what").
"""
from __future__ import annotations

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd

from tradewh.settings import dbt_vars

PANEL = "panel_digital_patents_quality"
COLUMNS = ["year", "in_universe", "qua", "qua_fixed", "qua_raw_fixed", "qua_scale", "digtech",
           "has_controls", "age", "klratio", "lnlp", "lev", "open", "market", "pergdp", "xr",
           "iv_post", "is_digital_patentee", "nri_top", "ipr_strong", "vol_cv"]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The study firms' rows and their rows per year."""
    study = df[df["in_universe"].astype(bool)].reset_index(drop=True)
    study["digtech_positive"] = study["digtech"].where(study["digtech"] > 0)
    counts = study.groupby("year").size().rename("n").reset_index()
    counts["ratio_to_median"] = counts["n"] / max(float(np.median(counts["n"])), 1.0) if len(counts) else []
    return {"panel": study, "rows_per_year": counts}


def expectations() -> dict[str, list]:
    v = dbt_vars()
    years = list(range(int(v["dpq_start_year"]), int(v["dpq_end_year"]) + 1))
    panel = [
        # coverage: every study year (an empty panel fails here too)
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        # completeness of the dependent variables (digtech's not-null is a dbt test)
        gxe.ExpectColumnValuesToNotBeNull(column="qua", mostly=0.5),
        gxe.ExpectColumnValuesToNotBeNull(column="qua_fixed", mostly=0.5),
        gxe.ExpectColumnMeanToBeBetween(column="has_controls", min_value=0.5, max_value=1.0),
        # plausible ranges of estimated quantities: raw KSW quality (ln lambda scale), the
        # standardisation multipliers (1 / product quality ranges), the regressor
        gxe.ExpectColumnValuesToBeBetween(column="qua_raw_fixed", min_value=-20, max_value=20, mostly=0.999),
        gxe.ExpectColumnValuesToBeBetween(column="qua_scale", min_value=0, max_value=50, strict_min=True),
        gxe.ExpectColumnMeanToBeBetween(column="qua", min_value=0.2, max_value=0.8),
        gxe.ExpectColumnValuesToBeBetween(column="digtech", min_value=0, max_value=float(np.log(1 + 10_000))),
        gxe.ExpectColumnMeanToBeBetween(column="digtech", min_value=0.05, max_value=3.0),
        # controls in plausible ranges (after the 1%/99% cut)
        gxe.ExpectColumnValuesToBeBetween(column="age", min_value=0, max_value=float(np.log(200))),
        gxe.ExpectColumnValuesToBeBetween(column="lev", min_value=0, max_value=5),
        gxe.ExpectColumnValuesToBeBetween(column="open", min_value=0, max_value=10),
        gxe.ExpectColumnValuesToBeBetween(column="market", min_value=0, max_value=15),
        gxe.ExpectColumnValuesToBeBetween(column="pergdp", min_value=3, max_value=13),
        # split variables: both groups present
        gxe.ExpectColumnMeanToBeBetween(column="ipr_strong", min_value=0.02, max_value=0.98),
        gxe.ExpectColumnMeanToBeBetween(column="nri_top", min_value=0.02, max_value=0.98),
        # instruments present for most rows
        gxe.ExpectColumnValuesToNotBeNull(column="iv_post", mostly=0.8),
        # a coefficient of variation of n positive values (sample sd) is below sqrt(n)
        gxe.ExpectColumnValuesToBeBetween(column="vol_cv", min_value=0,
                                          max_value=float(np.sqrt(int(v["dpq_volatility_window"])))),
        # the regressor varies: some study rows have digital applications in their year, most not all
        gxe.ExpectColumnProportionOfNonNullValuesToBeBetween(column="digtech_positive", min_value=0.05, max_value=0.95),
    ]
    per_year = [gxe.ExpectColumnValuesToBeBetween(column="ratio_to_median", min_value=0.3, max_value=3.0)]
    return {"panel": panel, "rows_per_year": per_year}
