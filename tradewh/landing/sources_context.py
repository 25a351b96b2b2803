"""Context sources of paper 002 (digital_patents_quality): distances, exchange rates,
provincial institutions, destinations' digital readiness, city yearbooks and listed firms'
top-5 customers and suppliers (docs/data-sources.md, "Context sources of paper 002")."""
from __future__ import annotations

from .source_spec import RawSource

CONTEXT_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="cepii_geodist", staged="stg_cepii__distances",
        patterns=("cepii/dist_cepii.csv", "cepii/dist_cepii.xls", "cepii/dist_cepii.xlsx"),
        required=("iso_o", "iso_d", "dist"),
        optional=("contig", "comlang_off", "comlang_ethno", "colony", "comcol", "curcol", "col45",
                  "smctry", "distcap", "distw", "distwces"),
        description="CEPII GeoDist dist_cepii: distances (km) and dummies per ordered pair of economies",
    ),
    RawSource(
        name="pwt", staged="stg_pwt__country_years",
        patterns=("pwt/pwt*.xlsx", "pwt/pwt*.csv"),
        required=("countrycode", "year", "xr"),
        optional=("country", "currency_unit", "rgdpe", "rgdpo", "pop", "emp", "hc", "pl_gdpo", "csh_x", "csh_m"),
        description="Penn World Table 10.0, sheet Data of pwt100.xlsx (or a CSV of it): country x year",
        extra={"excel_sheet": "Data"},
    ),
    RawSource(
        name="marketization_index", staged="stg_institutions__marketization_rows",
        patterns=("institutions/marketization_index*.csv", "institutions/marketization_index*.xlsx"),
        required=("地区",),
        description="王小鲁-樊纲 provincial marketisation index (各地区市场化总指数评分), wide by year",
        extra={"year_columns": True},
    ),
    RawSource(
        name="ipr_index", staged="stg_institutions__ipr",
        patterns=("institutions/ipr_index_*.csv", "institutions/ipr_index_*.xlsx"),
        required=("地区", "知识产权综合发展指数", "知识产权保护指数"),
        optional=("知识产权创造指数", "知识产权运用指数", "知识产权环境指数"),
        description="中国知识产权发展状况评价报告: provincial IPR development indices, one file per data year",
        year_from_name=r"_(\d{4})\.",
    ),
    RawSource(
        name="wef_nri", staged="stg_wef__nri_rows",
        patterns=("wef/nri*.csv",),
        required=("Country ISO3", "Indicator", "Subindicator Type"),
        optional=("Country Name", "Indicator Id"),
        description="WEF Networked Readiness Index as served by TCdata360: economy x attribute, wide by edition year",
        extra={"year_columns": True},
    ),
    RawSource(
        name="city_yearbook", staged="stg_cities__yearbook",
        patterns=("cities/city_yearbook_*.csv", "cities/city_yearbook_*.xlsx"),
        required=("行政区划代码", "地区", "年份", "指标", "单位", "数值"), optional=("范围",),
        description="中国城市统计年鉴 indicators, long (city code and name, year, indicator, unit, value, scope), "
                    "one file per data year (1984 for the post-and-telecom base)",
        year_from_name=r"_(\d{4})\.",
    ),
    RawSource(
        name="listed_top5_partners", staged="stg_supply_chain__top5_partners",
        patterns=("supply_chain/top5_partners_*.csv", "supply_chain/top5_partners_*.xlsx"),
        required=("证券代码", "公司名称", "统计截止日期", "关系", "排名", "名称"),
        optional=("金额(元)", "占比(%)"),
        description="Listed firms' top-5 customers and suppliers from annual reports (CSMAR-style), one file per year",
        year_from_name=r"_(\d{4})\.",
    ),
)
