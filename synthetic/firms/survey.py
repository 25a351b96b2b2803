"""Write a year of the Annual Survey of Industrial Firms: `asif/asif_{year}.csv` (UTF-8).

Values in thousand RMB (employment in persons). Field names follow the survey's vintages:
产品销售收入 until 2007 then 主营业务收入; 全部从业人员年平均人数 until 2007 then 从业人数;
固定资产合计 from 2008; 应付职工薪酬 from 2008 (应付工资 before); 利润总额 from 2008;
组织机构代码 and 国民经济行业代码 from 2011/2012; 省地县码 (6 digits) until 2009 then
行政区划代码 (12 digits). 中间投入 and 固定资产净值年平均余额 exist only until 2007, 研发费用 only
in 2001, 2005-2007 and 2013-2015, 本年折旧 not 2008-2010; the thin 2010 wave also lacks 利息支出,
应付工资 and 工业销售产值. 法人代码 is written 12345678-9 until 2003; codes and postal codes were
stored as numbers until 2007 (mining CIC codes and northern postal codes lose their zero).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from synthetic.firms import geography
from synthetic.streams import rng

COLUMNS = ("法人代码", "企业名称", "行业代码", "省地县码", "行政区划代码", "电话", "邮编",
           "登记注册类型", "开业年份", "工业总产值", "工业销售产值", "主营业务收入", "出口交货值",
           "从业人数", "固定资产", "中间投入", "固定资产净值年平均余额", "研发费用", "应付工资", "利润",
           "资产总计", "负债合计", "利息支出", "主营业务成本", "本年折旧", "实收资本", "国家资本",
           "港澳台资本", "外商资本")
REQUIRED = ("法人代码", "企业名称", "行业代码", "登记注册类型", "工业总产值", "主营业务收入",
            "出口交货值", "从业人数")
RD_YEARS = (2001, 2005, 2006, 2007, 2013, 2014, 2015)
DUPLICATE_SHARE = 0.001


def file_name(year: int) -> str:
    return f"asif_{year}.csv"


def layout(year: int) -> tuple[list[str], dict[str, str]]:
    """Columns present in `year` and the header each is written under."""
    cols = [c for c in COLUMNS if not (
        (c == "省地县码" and year >= 2010) or (c == "行政区划代码" and year < 2010)
        or (c in ("中间投入", "固定资产净值年平均余额") and year > 2007)
        or (c == "研发费用" and year not in RD_YEARS)
        or (c == "本年折旧" and 2008 <= year <= 2010)
        or (year == 2010 and c in ("利息支出", "应付工资", "工业销售产值")))]
    header = {c: c for c in cols}
    if year <= 2007:
        header.update({"主营业务收入": "产品销售收入", "从业人数": "全部从业人员年平均人数",
                       "中间投入": "工业中间投入合计", "电话": "电话号码", "邮编": "邮政编码",
                       "研发费用": "研究开发费"})
    else:
        header.update({"固定资产": "固定资产合计", "应付工资": "应付职工薪酬", "利润": "利润总额",
                       "开业年份": "开业时间(年)"})
    if year >= 2011:
        header["法人代码"] = "组织机构代码"
    if year >= 2012:
        header.update({"行业代码": "国民经济行业代码", "企业名称": "单位名称"})
    return cols, header


def write_year(universe, fy, totals: dict, fx: float, out: Path) -> dict:
    year, f = fy.year, universe.a
    idx = np.flatnonzero(fy.in_survey)
    r = rng(universe.seed, "firms", "survey", year)
    n = len(idx)
    z = r.standard_normal((n, 8))
    loc = universe.loc
    sales = totals["sales_k_rmb"][idx]
    gross = sales * np.exp(0.02 + 0.05 * z[:, 0])
    imports_k = (totals["m_processing"][idx] + totals["m_ordinary"][idx]) * fx / 1000
    fixed = f.capital_ratio[idx] * sales * np.exp(0.1 * z[:, 1])
    emp = fy.employment[idx]
    assets = sales * np.exp(np.log(0.9) + 0.3 * z[:, 2])
    debt = assets * r.uniform(0.3, 0.8, n)
    reg = fy.registration_type[idx]
    paid = 0.3 * assets
    state = np.where(np.isin(reg, (110, 141, 143, 151)), 1.0, np.where(reg == 159, 0.3, 0.0))
    foreign_share = r.uniform(0.25, 1.0, n)
    rd_on = r.random(n) < 0.4
    vals = {
        "法人代码": _legal(fy.legal_code[idx], year, r),
        "企业名称": fy.names(idx, "survey"),
        "行业代码": np.array([c.lstrip("0") if year <= 2007 else c for c in fy.cic[idx]], dtype=object),
        "省地县码": loc["county_code"][idx],
        "行政区划代码": loc["county_code"][idx].astype(object) + np.char.zfill(
            r.integers(1, 300, n).astype(str), 3).astype(object) + "000",
        "电话": _phone(loc, idx, year, r),
        "邮编": np.array([z.lstrip("0") for z in loc["zip"][idx]] if year <= 2007
                       else loc["zip"][idx], dtype=object),
        "登记注册类型": reg,
        "开业年份": np.where(r.random(n) < 0.01, 0, f.founding_year[idx]),
        "工业总产值": gross, "工业销售产值": gross * 0.98, "主营业务收入": sales,
        "出口交货值": totals["export_delivery_k_rmb"][idx], "从业人数": emp,
        "固定资产": fixed,
        "中间投入": np.maximum(f.intermediate_share[idx] * gross, 1.05 * imports_k),
        "固定资产净值年平均余额": 0.6 * fixed,
        "研发费用": np.where(rd_on, sales * 0.004 * np.exp(f.patent_index[idx] + 3.6), 0.0),
        "应付工资": emp * f.wage_level[idx] * np.exp(0.1 * (year - 2000)),
        "利润": sales * (0.05 + 0.06 * z[:, 3]),
        "资产总计": assets, "负债合计": debt,
        "利息支出": debt * 0.04 * r.uniform(0.3, 1.2, n),
        "主营业务成本": sales * np.clip(0.85 + 0.05 * z[:, 4], 0.5, 1.1),
        "本年折旧": fixed * 0.06, "实收资本": paid, "国家资本": paid * state,
        "港澳台资本": np.where((reg >= 200) & (reg < 300), paid * foreign_share, 0.0),
        "外商资本": np.where(reg >= 300, paid * foreign_share, 0.0),
    }
    cols, header = layout(year)
    order = np.lexsort((vals["法人代码"].astype(str), loc["county_code"][idx]))
    dup = r.random(n) < DUPLICATE_SHARE                  # the same record twice, as delivered
    order = np.repeat(order, np.where(dup[order], 2, 1))
    table = pa.table({header[c]: _text(vals[c]).take(pa.array(order)) for c in cols})
    path = Path(out) / "asif" / file_name(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write((",".join(table.column_names) + "\n").encode("utf-8"))
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    again = np.flatnonzero(np.r_[False, order[1:] == order[:-1]]) + 1
    planted = [{"file": f"asif/{path.name}", "row": int(k), "column": "", "what": "duplicate record"}
               for k in again]
    return {"rows": len(order), "file": f"asif/{path.name}", "firms": idx,
            "names": vals["企业名称"], "legal_codes": vals["法人代码"], "planted": planted}


def _text(v: np.ndarray) -> pa.Array:
    """A column as the survey prints it: integers, money with at most one decimal, text."""
    if v.dtype.kind == "f":
        return pa.array(np.round(v, 1)).cast(pa.string())
    if v.dtype.kind in "iu":
        return pa.array(v).cast(pa.string())
    return pa.array(np.asarray(v, dtype=object).astype(str))


def _legal(code: np.ndarray, year: int, r) -> np.ndarray:
    if year <= 2003:
        return np.array([c[:8] + "-" + c[8:] for c in code], dtype=object)
    if year == 2008:
        return np.array([c.lower() if x < 0.5 else c for c, x in zip(code, r.random(len(code)))],
                        dtype=object)
    return code


def _phone(loc, idx, year, r) -> np.ndarray:
    area = loc["area_code"][idx].astype(str).astype(object)
    local = geography.phone_local(loc, idx, year).astype(str).astype(object)
    x = r.random(len(idx))
    if year <= 2007:
        return np.where(x < 0.6, area + local, local)
    return np.where(x < 0.5, area + "-" + local, area + local)
