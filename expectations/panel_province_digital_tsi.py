"""Expectations for panel_province_digital_tsi (paper 003: province x year).

Distributional and study-specific checks only: the sample (row count, excluded provinces, the
study window, a balanced panel, the number of high-Dig provinces, one region and group per
province), completeness of the model variables and plausible ranges. The panel's keys (unique
province x year, not null), code formats (province code, region, high_dig) and identities (the
15 weights sum to 1, dig = sum w_* x dign_*, dig in [0, 1]) are dbt tests in
dbt_project/models/marts/panels/panel_province_digital_tsi.yml ("Checks: who owns what" in
docs/architecture.md).
"""
from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from tradewh.settings import dbt_vars

PANEL = "panel_province_digital_tsi"
MODEL_VARS = ["tsi", "dig", "dig_pca", "hum", "upd", "cre", "d_lnpgdp", "d_lnfcl", "d_open", "d_lnsci"]
# the only columns the suite reads
COLUMNS = ["province", "year", "region", "high_dig", *MODEL_VARS, "open", "tsi_technology"]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The panel; per province its years, region and digital group (constant over years); the
    number of high-Dig provinces."""
    per_province = df.groupby("province").agg(n_years=("year", "nunique"), n_regions=("region", "nunique"),
                                              n_groups=("high_dig", "nunique"), high_dig=("high_dig", "max"),
                                              region=("region", "first")).reset_index()
    summary = pd.DataFrame({"n_high_dig_provinces": [int(per_province["high_dig"].sum())]})
    return {"panel": df, "provinces": per_province, "summary": summary}


def expectations() -> dict[str, list]:
    v = dbt_vars()
    years = list(range(int(v["pdt_start_year"]), int(v["pdt_end_year"]) + 1))
    n_years = len(years)
    panel = [
        # the sample: at most 31 provinces x the study window, without the excluded provinces
        gxe.ExpectTableRowCountToBeBetween(min_value=n_years, max_value=31 * n_years),
        gxe.ExpectColumnValuesToNotBeInSet(column="province", value_set=[str(c) for c in v["pdt_excluded_provinces"]]),
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        # completeness of the variables the tables estimate on
        *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in MODEL_VARS + ["region", "high_dig"]],
        gxe.ExpectColumnValuesToNotBeNull(column="tsi_technology", mostly=0.9),
        # plausible ranges
        gxe.ExpectColumnValuesToBeBetween(column="open", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="upd", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="hum", min_value=0, max_value=16),
        gxe.ExpectColumnValuesToBeBetween(column="tsi", min_value=5, max_value=15),
    ]
    provinces = [
        gxe.ExpectColumnValuesToBeBetween(column="n_years", min_value=n_years, max_value=n_years),  # balanced
        gxe.ExpectColumnValuesToBeBetween(column="n_regions", min_value=1, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="n_groups", min_value=1, max_value=1),
    ]
    n_high = int(v["pdt_high_dig_n"])
    summary = [gxe.ExpectColumnValuesToBeBetween(column="n_high_dig_provinces", min_value=n_high, max_value=n_high)]
    return {"panel": panel, "provinces": provinces, "summary": summary}
