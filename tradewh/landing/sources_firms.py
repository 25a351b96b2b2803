"""Firm-level raw sources: customs transactions, industrial-firm survey, patents, web presence,
business registries (docs/data-sources.md, "Firm-level sources")."""
from __future__ import annotations

from .source_spec import RawSource

YEAR_IN_NAME = r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])"

CUSTOMS_REQUIRED = ("日期", "进口或出口", "税号编码", "金额", "数量", "企业编码", "经营单位",
                    "起运国或目的国", "贸易方式")
CUSTOMS_OPTIONAL = ("计量单位", "单位地址", "电话", "邮编", "企业性质", "运输方式")
# other spellings of the same column across vintages; the 2007-2011 files converted from
# Stata often keep Stata's leading underscore (`_进口或出口`)
_CUSTOMS_SPELLINGS = {"税号编码": ("HS编码", "商品编码", "商品代码"), "金额": ("金额(美元)", "美元金额"),
                      "计量单位": ("单位",), "企业编码": ("企业代码",), "经营单位": ("企业名称",),
                      "起运国或目的国": ("国家名称",)}
CUSTOMS_ALIASES = {c: _CUSTOMS_SPELLINGS.get(c, ()) + ("_" + c,)
                   for c in CUSTOMS_REQUIRED + CUSTOMS_OPTIONAL}

ASIF_REQUIRED = ("法人代码", "企业名称", "行业代码", "登记注册类型", "工业总产值", "主营业务收入",
                 "出口交货值", "从业人数")
ASIF_OPTIONAL = ("省地县码", "行政区划代码", "电话", "邮编", "开业年份", "工业销售产值", "固定资产",
                 "中间投入", "固定资产净值年平均余额", "研发费用", "应付工资", "利润", "资产总计",
                 "负债合计", "利息支出", "主营业务成本", "本年折旧", "实收资本", "国家资本",
                 "港澳台资本", "外商资本")
ASIF_ALIASES = {
    "法人代码": ("组织机构代码",), "企业名称": ("单位名称", "法人单位名称"),
    "行业代码": ("国民经济行业代码", "行业类别"), "主营业务收入": ("产品销售收入", "销售收入"),
    "从业人数": ("全部从业人员年平均人数", "从业人员年平均人数"), "电话": ("电话号码",),
    "邮编": ("邮政编码",), "开业年份": ("开业时间(年)", "开业时间（年）"), "固定资产": ("固定资产合计",),
    "中间投入": ("工业中间投入合计",), "研发费用": ("研究开发费",),
    "应付工资": ("应付职工薪酬", "应付工资总额"), "利润": ("利润总额",),
}

FIRM_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="customs_transactions", staged="stg_customs__transactions", patterns=("customs/*.csv", "customs/*.CSV"),
        required=CUSTOMS_REQUIRED, optional=CUSTOMS_OPTIONAL, aliases=CUSTOMS_ALIASES,
        encoding_by_year=((2007, 2011, "gb18030"),),
        description="China customs transactions (monthly records), one file per year",
        year_from_name=YEAR_IN_NAME,
    ),
    RawSource(
        name="asif_firms", staged="stg_asif__firms", patterns=("asif/*.csv", "asif/*.CSV"),
        required=ASIF_REQUIRED, optional=ASIF_OPTIONAL, aliases=ASIF_ALIASES,
        year_from_name=YEAR_IN_NAME,
        description="Annual Survey of Industrial Firms (中国工业企业数据库), one file per year",
    ),
)
