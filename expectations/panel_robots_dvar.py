"""Expectations for panel_robots_dvar (paper 001: firm x year).

Distributional and study-specific checks only: the study window is covered year by year (no
year collapses against the others), the variables the tables estimate on are complete enough
(Robot for every row, eq. (2) DVAR for a reasonable share, the controls for most rows), the
planted-definition DVAR lies where a DVAR can lie on average, processing exporters' DVAR is
below ordinary exporters', the industries are the paper's, and the linkages exist. The panel's
keys (unique firm_id x year, not null), code formats (industry, region, factor intensity,
exporter type) and identities (DVAR in [0, 1] under the bounds rule, gap >= 0, Theil >= 0,
winsorised values inside their raw range) are dbt tests in
dbt_project/models/marts/panels/panel_robots_dvar.yml ("Checks: who owns what").
"""
from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from tradewh.settings import dbt_vars

PANEL = "panel_robots_dvar"
CONTROLS = ["age", "finance", "fin_constraints", "cap_intensity", "hhi"]
# the only columns the suite reads
COLUMNS = ["firm_id", "year", "industry", "exporter_type", "dvar", "dvar_uwz", "robot", "robot_exposure",
           "has_controls", "for_link", "back_link", "is_importer"]


def study_years() -> list[int]:
    v = dbt_vars()
    drop = {int(y) for y in v.get("rdv_drop_years") or []}
    return [y for y in range(int(v["rdv_start_year"]), int(v["rdv_end_year"]) + 1) if y not in drop]


def prepare(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The panel; rows per year against the median year; one summary row (shares, means by
    exporter type, number of industries)."""
    per_year = df.groupby("year").size().rename("n_rows").reset_index()
    median = float(per_year["n_rows"].median()) if len(per_year) else 0.0
    per_year["rows_vs_median"] = per_year["n_rows"] / median if median > 0 else 0.0
    by_type = df.groupby("exporter_type")["dvar_uwz"].mean()
    summary = pd.DataFrame({
        "n_industries": [int(df["industry"].nunique())],
        "has_controls_share": [float(df["has_controls"].astype(bool).mean()) if len(df) else 0.0],
        "importer_share": [float(df["is_importer"].astype(bool).mean()) if len(df) else 0.0],
        "processing_minus_ordinary_dvar_uwz": [float(by_type.get("pure_processing", float("nan"))
                                                     - by_type.get("pure_ordinary", float("nan")))],
    })
    return {"panel": df, "years": per_year, "summary": summary}


def expectations() -> dict[str, list]:
    v = dbt_vars()
    years = study_years()
    n_groups = 14 if v.get("rdv_industry_groups", "ifr14") == "ifr14" else 15
    panel = [
        gxe.ExpectTableRowCountToBeBetween(min_value=len(years)),
        gxe.ExpectColumnDistinctValuesToEqualSet(column="year", value_set=years),
        # completeness of what the tables estimate on
        gxe.ExpectColumnValuesToNotBeNull(column="robot", mostly=0.99),
        gxe.ExpectColumnValuesToNotBeNull(column="robot_exposure", mostly=0.99),
        gxe.ExpectColumnValuesToNotBeNull(column="dvar_uwz"),
        gxe.ExpectColumnValuesToNotBeNull(column="dvar", mostly=0.05),
        gxe.ExpectColumnValuesToNotBeNull(column="for_link", mostly=0.95),
        gxe.ExpectColumnValuesToNotBeNull(column="back_link", mostly=0.95),
        # plausible values
        gxe.ExpectColumnValuesToBeBetween(column="robot", min_value=0),
        gxe.ExpectColumnMeanToBeBetween(column="dvar_uwz", min_value=0.2, max_value=1.0),
        gxe.ExpectColumnValuesToBeBetween(column="dvar_uwz", min_value=-1.0, max_value=1.0, mostly=0.95),
    ]
    per_year = [
        # no study year collapses (the thin 2010 survey wave keeps about 70% of its firms)
        gxe.ExpectColumnValuesToBeBetween(column="rows_vs_median", min_value=0.3),
    ]
    summary = [
        gxe.ExpectColumnValuesToBeBetween(column="n_industries", min_value=2, max_value=n_groups),
        gxe.ExpectColumnValuesToBeBetween(column="has_controls_share", min_value=0.5, max_value=1.0),
        gxe.ExpectColumnValuesToBeBetween(column="importer_share", min_value=0.2, max_value=1.0),
        # processing exporters add less value at home than ordinary exporters
        gxe.ExpectColumnValuesToBeBetween(column="processing_minus_ordinary_dvar_uwz", max_value=0.0,
                                          strict_max=True),
    ]
    return {"panel": panel, "years": per_year, "summary": summary}
