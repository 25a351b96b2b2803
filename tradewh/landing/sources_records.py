"""Firm-level record sources built on the firm universe: patents, web presence (B2B platforms,
ICP filings, WHOIS) and business registries (docs/data-sources.md, "Firm-level sources").

Every file carries a year in its name: the application year of a patent export, the crawl or
download year of a list, the export year of a registry -- the year the reconciliation of
raw = staged + rejected is reported by.
"""
from __future__ import annotations

from .source_spec import RawSource

YEAR_IN_NAME = r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])"


def _csv(folder: str, stem: str) -> tuple[str, ...]:
    return (f"{folder}/{stem}*.csv", f"{folder}/{stem}*.CSV")


RECORD_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="patents_cnipa", staged="stg_patents__applications", patterns=_csv("patents", ""),
        required=("申请号", "申请日", "申请（专利权）人", "主分类号", "分类号"),
        optional=("公开（公告）号", "公开（公告）日", "名称", "发明（设计）人", "专利类型", "法律状态",
                  "地址", "国省代码"),
        aliases={"申请（专利权）人": ("申请(专利权)人", "申请人", "专利权人"),
                 "公开（公告）号": ("公开(公告)号", "公开号"), "公开（公告）日": ("公开(公告)日", "公开日"),
                 "发明（设计）人": ("发明(设计)人", "发明人"), "主分类号": ("IPC主分类号", "主IPC"),
                 "分类号": ("IPC分类号", "IPC"), "名称": ("专利名称", "标题")},
        year_from_name=YEAR_IN_NAME,
        description="CNIPA-style patent export (one file or several parts per application year)",
        multiline_records=True,   # titles, applicants and addresses are free text may hold quoted line breaks
    ),
    RawSource(
        name="web_alibaba_members", staged="stg_web__alibaba_members", patterns=_csv("web", "alibaba_com"),
        required=("Company Name", "Member Since"),
        optional=("Business Type", "Location", "Main Products", "Profile URL"),
        year_from_name=YEAR_IN_NAME,
        description="alibaba.com supplier list (crawl), English names, member-since year",
        multiline_records=True,   # crawled free text (Main Products) may hold quoted line breaks
    ),
    RawSource(
        name="web_made_in_china_members", staged="stg_web__made_in_china_members",
        patterns=_csv("web", "made_in_china"),
        required=("Company Name", "Member Since"),
        optional=("Membership", "Province & Region", "Main Products", "Showroom URL"),
        year_from_name=YEAR_IN_NAME,
        description="made-in-china.com member list (crawl), English names, member-since date",
        multiline_records=True,   # crawled free text (Main Products) may hold quoted line breaks
    ),
    RawSource(
        name="web_1688_members", staged="stg_web__1688_members", patterns=_csv("web", "1688"),
        required=("公司名称", "诚信通年限"),
        optional=("经营模式", "所在地", "主营产品", "旺铺地址"),
        aliases={"公司名称": ("企业名称",), "诚信通年限": ("诚信通",)},
        year_from_name=YEAR_IN_NAME,
        description="1688.com 诚信通 member list (crawl), Chinese names, years of membership",
        multiline_records=True,   # crawled free text (主营产品) may hold quoted line breaks
    ),
    RawSource(
        name="web_icp_filings", staged="stg_web__icp_filings", patterns=_csv("web", "icp"),
        required=("主办单位名称", "网站备案/许可证号", "网站首页网址", "审核通过时间"),
        optional=("主办单位性质", "网站名称"),
        aliases={"网站备案/许可证号": ("备案号", "网站备案号", "ICP备案号"),
                 "审核通过时间": ("审核通过日期", "审核时间"), "网站首页网址": ("网站首页地址", "首页网址"),
                 "主办单位名称": ("主办单位",)},
        year_from_name=YEAR_IN_NAME,
        description="MIIT ICP filings (beian.miit.gov.cn crawl): organiser, filing number, site",
    ),
    RawSource(
        name="web_whois_domains", staged="stg_web__whois_domains", patterns=_csv("web", "whois"),
        required=("domain_name", "creation_date"),
        optional=("expiration_date", "registrar", "org"),
        aliases={"domain_name": ("domain", "Domain Name"), "creation_date": ("Creation Date", "created")},
        year_from_name=YEAR_IN_NAME,
        description="WHOIS lookups of the filed domains: creation date, registrar",
    ),
    RawSource(
        name="registry_enterprises", staged="stg_registry__enterprises", patterns=_csv("registry", "enterprise_credit"),
        required=("企业名称", "统一社会信用代码", "注册号"),
        optional=("组织机构代码", "法定代表人", "成立日期", "登记状态", "企业类型", "行业门类", "所属行业",
                  "所属省份", "所属城市", "住所", "曾用名"),
        year_from_name=YEAR_IN_NAME,
        description="National enterprise credit information registry export (names, codes, industry)",
        multiline_records=True,   # free-text 住所, 曾用名 may hold quoted line breaks
    ),
    RawSource(
        name="registry_name_changes", staged="stg_registry__name_changes",
        patterns=_csv("registry", "enterprise_name_changes"),
        required=("企业名称", "变更事项", "变更前内容", "变更后内容", "变更日期"),
        optional=("统一社会信用代码", "注册号"),
        year_from_name=YEAR_IN_NAME,
        description="Enterprise credit registry change records (变更记录): names and their dates",
        multiline_records=True,   # free-text 变更前/后内容 may hold quoted line breaks
    ),
    RawSource(
        name="registry_trade_operators", staged="stg_registry__trade_operators",
        patterns=_csv("registry", "foreign_trade_operators"),
        required=("经营者中文名称", "经营者英文名称", "备案日期"),
        optional=("备案登记表编号", "组织机构代码", "经营者类型", "住所", "进出口企业代码"),
        encoding="gb18030", year_from_name=YEAR_IN_NAME,
        description="对外贸易经营者备案登记 (foreign-trade operators): Chinese and English names",
    ),
)
