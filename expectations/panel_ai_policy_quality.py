"""Expectations for panel_ai_policy_quality (paper 000: importer x HS6 x year).

Distributional and study-specific checks only: completeness of the estimation variables, their
plausible ranges, means and shares, the study window and rows per year. The panel's keys
(unique importer x hs6 x year, not null), code formats (hs6, 0/1 dummies) and identities
(did = treat * post, post from the policy year, lnquality in [0, 1]) are dbt tests in
dbt_project/models/marts/panels/panel_ai_policy_quality.yml ("Checks: who owns what" in
docs/architecture.md).
"""
from __future__ import annotations

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd

from tradewh.settings import dbt_vars

PANEL = "panel_ai_policy_quality"
# the only columns the suite reads (a 4.5M-row panel read whole would need ~5 GB)
COLUMNS = ["year", "treat", "post", "did", "quality_raw_s3", "lnquality", "v_kusd", "lnmfn",
           "industry_share", "has_controls"]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The frames the suite validates: the panel itself and its rows per year."""
    counts = df.groupby("year").size().rename("n").reset_index()
    counts["ratio_to_median"] = counts["n"] / max(float(np.median(counts["n"])), 1.0) if len(counts) else []
    return {"panel": df, "rows_per_year": counts}


def expectations() -> dict[str, list]:
    v = dbt_vars()
    years = list(range(int(v["apq_start_year"]), int(v["apq_end_year"]) + 1))
    panel = [
        # completeness: every row has its treatment and the KSW quality it is built on
        *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ["treat", "post", "did", "quality_raw_s3"]],
        gxe.ExpectColumnValuesToNotBeNull(column="lnquality", mostly=0.95),
        # coverage: every year of the study window (an empty panel fails here too)
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        # means and shares
        gxe.ExpectColumnMeanToBeBetween(column="treat", min_value=0.05, max_value=0.95),
        gxe.ExpectColumnMeanToBeBetween(column="has_controls", min_value=0.05, max_value=1.0),
        # plausible ranges of estimated and derived quantities
        gxe.ExpectColumnValuesToBeBetween(column="quality_raw_s3", min_value=-50, max_value=50),
        gxe.ExpectColumnValuesToBeBetween(column="v_kusd", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="lnmfn", min_value=0, max_value=float(np.log(11.0))),
        gxe.ExpectColumnValuesToBeBetween(column="industry_share", min_value=0, max_value=1),
    ]
    per_year = [
        gxe.ExpectColumnValuesToBeBetween(column="ratio_to_median", min_value=0.5, max_value=2.0),
    ]
    return {"panel": panel, "rows_per_year": per_year}
