"""Provincial raw sources: statistical-yearbook indicators, province x industry exports
(docs/data-sources.md, "Provincial yearbooks") and CNNIC's provincial internet penetration
("CNNIC provincial internet statistics")."""
from __future__ import annotations

from .source_spec import RawSource

PROVINCE_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="province_yearbook", staged="stg_provinces__yearbook",
        patterns=("provinces/yearbook_*.csv", "provinces/yearbook_*.xlsx"),
        required=("地区", "年份", "指标", "单位", "数值"), optional=("来源",),
        description="Provincial yearbook indicators, long table (province as printed, year, "
                    "indicator, unit, value), one file per data year",
        year_from_name=r"_(\d{4})\.",
    ),
    RawSource(
        name="province_industry_exports", staged="stg_provinces__industry_exports",
        patterns=("provinces/industry_exports_*.csv", "provinces/industry_exports_*.xlsx"),
        required=("地区", "年份", "行业代码", "出口交货值", "单位"), optional=("行业名称",),
        description="Export delivery value by province x GB/T 4754 2-digit manufacturing "
                    "industry (EPS), one file per data year",
        year_from_name=r"_(\d{4})\.",
    ),
    RawSource(
        name="cnnic_province_internet", staged="stg_cnnic__province_internet",
        patterns=("cnnic/cnnic_province_internet_*.csv",),
        required=("省份", "网民数（万人）", "互联网普及率"), optional=("增速", "普及率排名"),
        aliases={"互联网普及率": ("普及率(%)", "普及率（%）", "普及率", "互联网普及率(%)"),
                 "网民数（万人）": ("网民数(万人)", "网民规模（万人）", "网民规模(万人)"),
                 "省份": ("地区", "省市")},
        description="CNNIC 中国互联网络发展状况统计报告: internet users and penetration by province, one "
                    "file per data year (end of year)",
        year_from_name=r"_(\d{4})\.",
    ),
)
