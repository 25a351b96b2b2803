"""Expectations for panel_province_digital_tsi (paper 003: province x year)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import great_expectations.expectations as gxe

from tradewh.settings import dbt_vars

PANEL = "panel_province_digital_tsi"
KEYS = ["province", "year"]
MODEL_VARS = ["tsi", "dig", "dig_pca", "hum", "upd", "cre", "d_lnpgdp", "d_lnfcl", "d_open", "d_lnsci"]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The panel; per year its weights' sum and how far dig is from sum w * x'; per province
    its region and digital group (constant over years)."""
    codes = list(dbt_vars()["pdt_dig_indicators"])
    w = df[[f"w_{c}" for c in codes]].to_numpy(dtype="float64")
    x = df[[f"dign_{c}" for c in codes]].to_numpy(dtype="float64")
    df = df.assign(weight_sum=w.sum(axis=1), dig_gap=np.abs(df["dig"].to_numpy(dtype="float64")
                                                          - (w * x).sum(axis=1)))
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
        gxe.ExpectTableRowCountToBeBetween(min_value=n_years, max_value=31 * n_years),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=KEYS),
        gxe.ExpectColumnValuesToMatchRegex(column="province", regex=r"^[0-9]{6}$"),
        gxe.ExpectColumnValuesToNotBeInSet(column="province", value_set=[str(c) for c in v["pdt_excluded_provinces"]]),
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in KEYS + MODEL_VARS + ["region", "high_dig"]],
        gxe.ExpectColumnValuesToBeBetween(column="dig", min_value=0, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="weight_sum", min_value=1 - 1e-9, max_value=1 + 1e-9),
        gxe.ExpectColumnValuesToBeBetween(column="dig_gap", max_value=1e-9),
        gxe.ExpectColumnValuesToBeBetween(column="open", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="upd", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="hum", min_value=0, max_value=16),
        gxe.ExpectColumnValuesToBeBetween(column="tsi", min_value=5, max_value=15),
        gxe.ExpectColumnValuesToBeInSet(column="high_dig", value_set=[0, 1]),
        gxe.ExpectColumnValuesToBeInSet(column="region", value_set=["east", "central", "west"]),
        gxe.ExpectColumnValuesToNotBeNull(column="tsi_technology", mostly=0.9),
    ]
    provinces = [
        gxe.ExpectColumnValuesToBeBetween(column="n_years", min_value=n_years, max_value=n_years),  # balanced
        gxe.ExpectColumnValuesToBeBetween(column="n_regions", min_value=1, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="n_groups", min_value=1, max_value=1),
    ]
    n_high = int(v["pdt_high_dig_n"])
    summary = [gxe.ExpectColumnValuesToBeBetween(column="n_high_dig_provinces", min_value=n_high, max_value=n_high)]
    return {"panel": panel, "provinces": provinces, "summary": summary}
