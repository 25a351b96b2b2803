"""Expectations for panel_trade_digitization_quality (paper 004: firm x year, 2002-2015).

Distributional and study-specific checks only: every study year in the estimation sample and no
year thin against the others, the sample's exporters are a plausible share of the survey rows,
the variables the tables estimate on are (mostly) complete on the estimation sample, trade
digitisation varies (some but not all firm-years digitised), plausible ranges of the estimated
and constructed quantities (raw KSW quality, flex, lncnpd, the log controls) and enough firms.
Keys (unique firm x year, not null), code formats (province, industry, 0/1 flags) and identities
(dig_tr = 1 + pdo + 2 icp + 4 pit, lndig = ln dig_tr, standardised quality and shares in [0, 1])
are dbt tests in dbt_project/models/marts/panels/panel_trade_digitization_quality.yml ("Checks:
who owns what" in docs/architecture.md).
"""
from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from tradewh.settings import dbt_vars

PANEL = "panel_trade_digitization_quality"
CONTROLS = ["lnsca", "lnage", "lncap", "lnpwa", "lnfir", "lnpro", "foe", "lninn", "lntfp"]
DESTINATION = ["lnpgp", "lngdp", "lnsdp"]
COLUMNS = ["firm_id", "year", "edu", "in_sample", "qsy", "qkl", "lnlambda_sy", "lndig", "dig_tr", "flex",
           "lncnpd", *CONTROLS, *DESTINATION]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """`panel`: the estimation sample (in_sample rows); rows per year of the sample; one summary row."""
    sample = df[df["in_sample"].astype(bool)]
    per_year = sample.groupby("year").size().rename("n_rows").reset_index()
    per_year["share_of_median"] = per_year["n_rows"] / max(float(per_year["n_rows"].median()), 1.0) \
        if len(per_year) else pd.Series(dtype="float64")
    summary = pd.DataFrame({
        "n_firms": [int(sample["firm_id"].nunique())],
        "exporter_share": [float(df["edu"].mean()) if len(df) else 0.0],
        "sample_share_of_exporters": [float(len(sample) / max(int(df["edu"].sum()), 1))],
        "digitised_share": [float((sample["dig_tr"] > 1).mean()) if len(sample) else 0.0],
        "mean_qsy": [float(sample["qsy"].mean()) if len(sample) else float("nan")],
    })
    return {"panel": sample, "years": per_year, "summary": summary}


def expectations() -> dict[str, list]:
    v = dbt_vars()
    years = list(range(int(v["tdq_start_year"]), int(v["tdq_end_year"]) + 1))
    panel = [
        gxe.ExpectTableRowCountToBeBetween(min_value=len(years) * 10),
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        # completeness on the estimation sample (the paper's Table 2 N falls by < 10% with controls)
        gxe.ExpectColumnValuesToNotBeNull(column="qkl"),
        gxe.ExpectColumnValuesToNotBeNull(column="flex"),
        gxe.ExpectColumnValuesToNotBeNull(column="lncnpd"),
        *[gxe.ExpectColumnValuesToNotBeNull(column=c, mostly=0.8) for c in CONTROLS],
        *[gxe.ExpectColumnValuesToNotBeNull(column=c, mostly=0.6) for c in DESTINATION],
        # plausible ranges of estimated and constructed quantities
        gxe.ExpectColumnValuesToBeBetween(column="lnlambda_sy", min_value=-20, max_value=20),
        gxe.ExpectColumnValuesToBeBetween(column="flex", min_value=0, max_value=100),
        gxe.ExpectColumnValuesToBeBetween(column="lncnpd", min_value=0, max_value=15),
        gxe.ExpectColumnValuesToBeBetween(column="lnsca", min_value=0, max_value=15, mostly=0.999),
        gxe.ExpectColumnValuesToBeBetween(column="lnage", min_value=0, max_value=5.5, mostly=0.999),
        gxe.ExpectColumnValuesToBeBetween(column="lntfp", min_value=-20, max_value=30, mostly=0.999),
    ]
    per_year = [gxe.ExpectColumnValuesToBeBetween(column="share_of_median", min_value=0.2)]
    summary = [
        gxe.ExpectColumnValuesToBeBetween(column="n_firms", min_value=50),
        gxe.ExpectColumnValuesToBeBetween(column="exporter_share", min_value=0.02, max_value=0.98),
        gxe.ExpectColumnValuesToBeBetween(column="sample_share_of_exporters", min_value=0.5, max_value=1.0),
        gxe.ExpectColumnValuesToBeBetween(column="digitised_share", min_value=0.01, max_value=0.99),
        gxe.ExpectColumnValuesToBeBetween(column="mean_qsy", min_value=0.05, max_value=0.95),
    ]
    return {"panel": panel, "years": per_year, "summary": summary}
