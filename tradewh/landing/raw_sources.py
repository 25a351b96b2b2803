"""The registry of raw sources: where each lives in the raw directory and what it must contain.

One entry per raw entity. The landing step reads this registry, the dbt sources read the
Parquet it writes (`$TRADEWH_LANDING_DIR/raw/<name>/*.parquet`), so the file patterns and
required columns are declared once. Macro sources (paper 000) are listed here; firm-level,
firm-record (patents, web, registries) and provincial sources in `sources_firms.py`,
`sources_records.py` and `sources_provinces.py`.
"""
from __future__ import annotations

from .source_spec import RawSource
from .sources_firms import FIRM_SOURCES
from .sources_provinces import PROVINCE_SOURCES
from .sources_records import RECORD_SOURCES

__all__ = ["RawSource", "RAW_SOURCES", "BY_NAME", "sources_for"]

WITS_COLUMNS = (
    "Selected Nomen", "Native Nomen", "Reporter", "Reporter Name", "Product", "Product Name",
    "Partner", "Partner Name", "Tariff Year", "DutyType", "Simple Average",
)

MACRO_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="baci_flows", patterns=("baci/BACI_HS96_Y*_V*.csv",),
        required=("t", "i", "j", "k", "v", "q"), studies=("ai_policy_quality",),
        description="CEPII BACI HS96 bilateral flows, one file per year",
        year_from_name=r"_Y(\d{4})_",
    ),
    RawSource(
        name="baci_countries", patterns=("baci/country_codes_V*.csv",),
        required=("country_code", "country_name", "country_iso3"), optional=("country_iso2",),
        studies=("ai_policy_quality",), description="BACI country dictionary",
    ),
    RawSource(
        name="baci_products", patterns=("baci/product_codes_HS96_V*.csv",),
        required=("code", "description"), studies=("ai_policy_quality",),
        description="BACI HS96 product dictionary",
    ),
    RawSource(
        name="wdi_data", patterns=("wdi/WDIData.csv",),
        required=("Country Name", "Country Code", "Indicator Name", "Indicator Code"),
        studies=("ai_policy_quality",), description="World Bank WDI bulk data, wide by year",
        extra={"year_columns": True},
    ),
    RawSource(
        name="wdi_countries", patterns=("wdi/WDICountry.csv",),
        required=("Country Code", "Table Name", "Region", "Income Group"),
        optional=("Currency Unit",), studies=("ai_policy_quality",),
        description="World Bank WDI country metadata (income group, region)",
    ),
    RawSource(
        name="wdi_income_history", patterns=("wdi/OGHIST.xlsx", "wdi/OGHIST.xls"),
        required=("Data for calendar year",), optional=("column_2",), studies=(),
        description="World Bank historical income classifications (OGHIST, sheet 1), wide by year",
        extra={"excel_header_marker": "Data for calendar year"},
    ),
    RawSource(
        name="tariffs_wits", patterns=("tariffs/*.csv", "tariffs/*.CSV"),
        required=WITS_COLUMNS, studies=("ai_policy_quality",),
        description="WITS download of MFN applied tariffs at HS6, native nomenclature",
    ),
    RawSource(
        name="ifr_robots", patterns=("ifr/*.csv", "ifr/*.xlsx", "ifr/*.xls"),
        required=("country", "industry_code", "year", "installations", "operational_stock"),
        optional=("country_name", "industry_name"), studies=("ai_policy_quality",),
        description="IFR World Robotics, long table country x industry x year",
    ),
)

RAW_SOURCES: tuple[RawSource, ...] = MACRO_SOURCES + FIRM_SOURCES + RECORD_SOURCES + PROVINCE_SOURCES
BY_NAME = {s.name: s for s in RAW_SOURCES}


def sources_for(studies: list[str] | None) -> list[RawSource]:
    """The sources a set of studies needs (all registered sources when studies is None)."""
    if not studies:
        return list(RAW_SOURCES)
    return [s for s in RAW_SOURCES if set(s.studies) & set(studies)]
