"""The registry of raw sources: where each lives in the raw directory, what it must contain and
which staging model takes it.

One entry per raw entity. The landing step reads this registry; the dbt sources YAML and the
reconciliation report's source list are generated from it (`tradewh sync-sources`, checked by a
test), so the file patterns, required columns and staging models are declared once. Which
studies need a source is said by each study spec (`sources:`). Macro sources (paper 000) are
listed here; firm-level, firm-record (patents, web, registries), provincial, input-output (paper 001)
and context sources (paper 002's distances, exchange rates, institutions, city yearbooks and supply
chains) in `sources_firms.py`, `sources_records.py`, `sources_provinces.py`, `sources_io.py` and
`sources_context.py`.
"""
from __future__ import annotations

from .source_spec import RawSource
from .sources_context import CONTEXT_SOURCES
from .sources_firms import FIRM_SOURCES
from .sources_io import IO_SOURCES
from .sources_provinces import PROVINCE_SOURCES
from .sources_records import RECORD_SOURCES

__all__ = ["RawSource", "RAW_SOURCES", "BY_NAME"]

WITS_COLUMNS = (
    "Selected Nomen", "Native Nomen", "Reporter", "Reporter Name", "Product", "Product Name",
    "Partner", "Partner Name", "Tariff Year", "DutyType", "Simple Average",
)

MACRO_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="baci_flows", staged="stg_baci__flows", patterns=("baci/BACI_HS96_Y*_V*.csv",),
        required=("t", "i", "j", "k", "v", "q"),
        description="CEPII BACI HS96 bilateral flows, one file per year",
        year_from_name=r"_Y(\d{4})_",
    ),
    RawSource(
        name="baci_countries", staged="stg_baci__countries", patterns=("baci/country_codes_V*.csv",),
        required=("country_code", "country_name", "country_iso3"), optional=("country_iso2",),
        description="BACI country dictionary",
    ),
    RawSource(
        name="baci_products", staged="stg_baci__products", patterns=("baci/product_codes_HS96_V*.csv",),
        required=("code", "description"),
        description="BACI HS96 product dictionary",
    ),
    RawSource(
        name="wdi_data", staged="stg_wdi__series", patterns=("wdi/WDIData.csv",),
        required=("Country Name", "Country Code", "Indicator Name", "Indicator Code"),
        description="World Bank WDI bulk data, wide by year",
        extra={"year_columns": True},
    ),
    RawSource(
        name="wdi_countries", staged="stg_wdi__countries", patterns=("wdi/WDICountry.csv",),
        required=("Country Code", "Table Name", "Region", "Income Group"),
        optional=("Currency Unit",),
        description="World Bank WDI country metadata (income group, region)",
        multiline_records=True,   # free-text notes columns (Special Notes ...) may hold line breaks
    ),
    RawSource(
        name="wdi_income_history", staged="stg_wdi__income_history", patterns=("wdi/OGHIST.xlsx", "wdi/OGHIST.xls"),
        required=("Data for calendar year",), optional=("column_2",),
        description="World Bank historical income classifications (OGHIST, sheet 1), wide by year",
        extra={"excel_header_marker": "Data for calendar year"},
    ),
    RawSource(
        name="tariffs_wits", staged="stg_tariffs__mfn", patterns=("tariffs/*.csv", "tariffs/*.CSV"),
        required=WITS_COLUMNS,
        description="WITS download of MFN applied tariffs at HS6, native nomenclature",
    ),
    RawSource(
        name="ifr_robots", staged="stg_ifr__robots", patterns=("ifr/*.csv", "ifr/*.xlsx", "ifr/*.xls"),
        required=("country", "industry_code", "year", "installations", "operational_stock"),
        optional=("country_name", "industry_name"),
        description="IFR World Robotics, long table country x industry x year",
    ),
    RawSource(
        name="elasticities_soderbery", staged="stg_elasticities__soderbery_sigma",
        patterns=("elasticities/Soderbery*.csv", "elasticities/soderbery*.csv"),
        required=("importer", "hs4", "sigma"), optional=("importer_name", "omega"),
        aliases={"importer": ("iso3", "importer_iso3"), "hs4": ("hs_4digit", "HS4"), "sigma": ("Sigma",)},
        description="Soderbery (2018) import-demand elasticities of substitution, importer (ISO3) x HS4",
    ),
)

RAW_SOURCES: tuple[RawSource, ...] = (MACRO_SOURCES + FIRM_SOURCES + RECORD_SOURCES + PROVINCE_SOURCES
                                      + IO_SOURCES + CONTEXT_SOURCES)
BY_NAME = {s.name: s for s in RAW_SOURCES}

