"""How the yearbooks print each indicator: name, unit and decimals by year, and which cells
they leave out. The dbt seeds (yearbook_indicator_aliases, yearbook_units) must know every
name and unit used here; a test of the built warehouse proves it (no rejects)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Printed:
    name: Callable[[int], str]
    unit: Callable[[int], tuple[str, float]]   # (unit as printed, printed value per canonical unit)
    decimals: Callable[[int], int]
    source: str = "中国统计年鉴"


def _const(x):
    return lambda _year: x


CSY, CCY, CIDR = "中国统计年鉴", "中国通信年鉴", "中国互联网发展报告"

PRINTED: dict[str, Printed] = {
    "broadband_ports": Printed(_const("互联网宽带接入端口"), _const(("万个", 1.0)), _const(1)),
    "mobile_exchange_capacity": Printed(_const("移动电话交换机容量"), _const(("万户", 1.0)), _const(1), CCY),
    # 10k km from the 2015 data year: a unit change inside one series
    "optical_cable_length": Printed(_const("长途光缆线路长度"),
                                    lambda y: ("公里", 1.0) if y < 2015 else ("万公里", 1e-4),
                                    lambda y: 0 if y < 2015 else 4),
    "domain_names": Printed(_const("域名数"), _const(("万个", 1.0)), _const(2), CIDR),
    "broadband_subscribers": Printed(_const("互联网宽带接入用户"), _const(("万户", 1.0)), _const(1)),
    "mobile_subscribers": Printed(lambda y: "移动电话年末用户" if y < 2020 else "移动电话年末用户数",
                                  _const(("万户", 1.0)), _const(1)),
    "telecom_volume": Printed(_const("电信业务总量"), _const(("亿元", 1.0)), _const(2)),
    "software_revenue": Printed(_const("软件业务收入"),
                                lambda y: ("万元", 1e4) if y < 2014 else ("亿元", 1.0),
                                lambda y: 0 if y < 2014 else 2),
    "websites": Printed(_const("网站数"), _const(("万个", 1.0)), _const(2), CIDR),
    "tech_market_turnover": Printed(_const("技术市场成交额"), _const(("亿元", 1.0)), _const(2)),
    # GB/T 4754-2002 sector names in yearbooks before 2013 (data years up to 2011)
    "info_service_employment": Printed(
        lambda y: ("信息传输、计算机服务和软件业城镇单位就业人员" if y < 2012
                   else "信息传输、软件和信息技术服务业城镇单位就业人员"), _const(("万人", 1.0)), _const(2)),
    "info_service_fai": Printed(
        lambda y: ("信息传输、计算机服务和软件业固定资产投资" if y < 2012
                   else "信息传输、软件和信息技术服务业固定资产投资"), _const(("亿元", 1.0)), _const(2)),
    "patents_granted": Printed(_const("规模以上工业企业专利授权数"), _const(("件", 1.0)), _const(0)),
    "rd_expenditure": Printed(_const("规模以上工业企业R&D经费"), _const(("万元", 1.0)), _const(0)),
    "rd_personnel_fte": Printed(_const("规模以上工业企业R&D人员全时当量"), _const(("人年", 1.0)), _const(0)),
    "pgdp": Printed(_const("人均地区生产总值"), _const(("元", 1.0)), _const(0)),
    "gdp": Printed(_const("地区生产总值"), _const(("亿元", 1.0)), _const(2)),
    "va_primary": Printed(_const("第一产业增加值"), _const(("亿元", 1.0)), _const(2)),
    "va_secondary": Printed(_const("第二产业增加值"), _const(("亿元", 1.0)), _const(2)),
    "va_tertiary": Printed(_const("第三产业增加值"), _const(("亿元", 1.0)), _const(2)),
    # full-width parentheses in some years: the staging normalises them
    "trade_total_usd": Printed(lambda y: "货物进出口总额（按经营单位所在地）" if y in (2012, 2018)
                               else "货物进出口总额(按经营单位所在地)", _const(("千美元", 1.0)), _const(0)),
    "usd_rate": Printed(_const("人民币汇率(年平均价)"), _const(("元/100美元", 100.0)), _const(2)),
    "fdi_utilised": Printed(_const("实际利用外商直接投资额"), _const(("万美元", 1.0)), _const(0)),
    "sci_expenditure": Printed(lambda y: "地方财政科学技术支出" if y < 2014 else "地方一般公共预算支出：科学技术",
                               _const(("亿元", 1.0)), _const(2)),
    "edu_pop6": Printed(_const("6岁及以上人口"), _const(("人", 1.0)), _const(0)),
    "edu_none": Printed(_const("6岁及以上人口:未上过学"), _const(("人", 1.0)), _const(0)),
    "edu_primary": Printed(_const("6岁及以上人口:小学"), _const(("人", 1.0)), _const(0)),
    "edu_junior": Printed(_const("6岁及以上人口:初中"), _const(("人", 1.0)), _const(0)),
    "edu_senior": Printed(lambda y: "6岁及以上人口:高中" if y < 2015 else "6岁及以上人口:高中和中职",
                          _const(("人", 1.0)), _const(0)),
    "edu_college": Printed(_const("6岁及以上人口:大专及以上"), _const(("人", 1.0)), _const(0)),
    "innovation_index": Printed(_const("中国区域创新创业指数"), _const(("分", 1.0)), _const(2),
                                "北京大学开放研究数据平台"),
}

# series the yearbooks stopped publishing by province: not printed from this data year on
DISCONTINUED = {"mobile_exchange_capacity": 2018, "info_service_fai": 2018}
# series with scattered unpublished cells (printed as "…"): share of province-years
SCATTERED_GAPS = {"domain_names": 0.06, "tech_market_turnover": 0.03, "fdi_utilised": 0.02,
                  "websites": 0.03}
MISSING_MARK = "…"

EXPORT_NAME = "出口交货值"


def export_unit(year: int) -> tuple[str, float, int]:
    """Province x industry export delivery value: 10k yuan, 100M yuan (4 decimals) from 2019."""
    return ("万元", 1.0, 1) if year < 2019 else ("亿元", 1e-4, 4)


def fmt(value: float, decimals: int) -> str:
    """Fixed decimals, no exponent (as the yearbooks print)."""
    return f"{value:.{decimals}f}"
