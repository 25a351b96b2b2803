"""Business registries (docs/data-sources.md, "Business registries"):

  registry/enterprise_credit_{REGISTRY_YEAR}.csv      国家企业信用信息公示系统 export: name, unified
      social credit code (firms alive when codes were issued; empty for firms deregistered before),
      15-digit registration number, organisation code, industry (门类 + 大类 name), province,
      status, former names (曾用名, ';'-separated)
  registry/enterprise_name_changes_{REGISTRY_YEAR}.csv 变更记录: name changes with their dates
      (and address / legal-representative changes, which are not names)
  registry/foreign_trade_operators_{OPERATOR_YEAR}.csv 对外贸易经营者备案登记 (GB18030): Chinese and
      English names as filed (the name on the filing date), organisation code, filing date

Registry rows of firms outside the universe are mixed in; the truth files map every row of a
universe firm to its firm_uid.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from synthetic import seeds
from synthetic.firms import geography
from synthetic.records import numbers, people
from synthetic.records import params as P

ENTERPRISE_TYPE = {
    110: "全民所有制", 120: "集体所有制", 130: "股份合作制", 141: "全民所有制", 143: "全民所有制",
    151: "有限责任公司（国有独资）", 159: "有限责任公司", 160: "股份有限公司", 171: "个人独资企业",
    172: "合伙企业", 173: "有限责任公司（自然人投资或控股）", 174: "股份有限公司（非上市、自然人投资或控股）",
    190: "其他企业", 210: "有限责任公司（台港澳与境内合资）", 220: "有限责任公司（台港澳与境内合作）",
    230: "有限责任公司（台港澳法人独资）", 310: "有限责任公司（中外合资）", 320: "有限责任公司（中外合作）",
    330: "有限责任公司（外国法人独资）", 340: "股份有限公司（中外合资、未上市）"}
OTHER_INDUSTRIES = {"06": "煤炭开采和洗选业", "08": "黑色金属矿采选业", "09": "有色金属矿采选业",
                    "10": "非金属矿采选业", "44": "电力、热力生产和供应业", "46": "水的生产和供应业"}
DIVISION = {"B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业",
            "F": "批发和零售业", "I": "信息传输、软件和信息技术服务业", "L": "租赁和商务服务业"}
TRADE_INDUSTRY = {"批发业": "F", "零售业": "F", "商务服务业": "L", "软件和信息技术服务业": "I"}
OUTSIDE_INDUSTRY = np.array(["批发业", "批发业", "批发业", "软件和信息技术服务业", "商务服务业"])


def _industry_names() -> dict[str, str]:
    names = {r["industry_code"]: r["name_cn"] for r in seeds.seed("gbt4754_manufacturing")}
    return names | OTHER_INDUSTRIES


def _division(cic2: str) -> str:
    return "B" if cic2 < "13" else "D" if cic2 >= "44" else "C"


def _org(code: np.ndarray) -> np.ndarray:
    return np.array([c[:8] + "-" + c[8:] for c in code], dtype=object)


def _outside_address(out: dict) -> np.ndarray:
    c = geography.cities()
    prov, city = c.province_name.to_numpy()[out["city"]], c.city_name.to_numpy()[out["city"]]
    head = np.where(prov == city + "市", "", prov).astype(object) + city + "市"
    return head + "开发区园区路" + (1 + np.arange(len(city)) % 300).astype(str).astype(object) + "号"


def _date(r, years: np.ndarray) -> np.ndarray:
    d = (np.asarray(years) - 1970).astype("datetime64[Y]").astype("datetime64[D]") + r.integers(0, 360, len(years))
    return np.datetime_as_string(d, unit="D").astype(object)


def credit(facts, r) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    u, f, c = facts.u, facts.u.a, geography.cities()
    idx = np.flatnonzero(facts.ever_alive())
    n_in = len(idx)
    n_out = int(round(n_in * P.OUTSIDE_REGISTRY_SHARE))
    out = people.outside_firms(r, n_out, facts.taken)
    last = facts.last_alive[idx]
    legal = facts.legal_code_in(idx, last)
    county = f.county_code[idx].astype(str)
    names_in = facts.latest_name(idx)
    alive = facts.alive_at_end()[idx]
    cic2 = np.array([x[:2] for x in f.cic2002[idx]], dtype=object)
    ind_names = _industry_names()
    trader = f.kind[idx] == "intermediary"
    trade_kind = np.array(list(P.INTERMEDIARY_INDUSTRY), dtype=object)[r.choice(
        len(P.INTERMEDIARY_INDUSTRY), n_in, p=list(P.INTERMEDIARY_INDUSTRY.values()))]
    misfiled = ~trader & (r.random(n_in) < P.PRODUCER_AS_WHOLESALE)
    industry = np.where(trader, trade_kind, np.where(misfiled, "批发业",
                        np.array([ind_names.get(x, "其他制造业") for x in cic2], dtype=object)))
    division = np.where(trader | misfiled, [TRADE_INDUSTRY.get(x, "F") for x in industry],
                        [_division(x) for x in cic2])
    out_industry = OUTSIDE_INDUSTRY[r.integers(0, len(OUTSIDE_INDUSTRY), n_out)].astype(object)
    out_county = c.city_code.to_numpy()[out["city"]].astype(object) + "02"
    all_county = np.concatenate([county, out_county]).astype(str)
    n = n_in + n_out
    all_legal = np.concatenate([legal, numbers.org_codes(r, n_out)])
    uscc = numbers.uscc(all_county.astype(object), all_legal)
    has_uscc = np.concatenate([alive, r.random(n_out) < 0.8])
    reg_no = numbers.registration_numbers(all_county.astype(object), numbers.serials(r, n, 7))
    status = np.where(has_uscc, np.where(r.random(n) < 0.8, "存续（在营、开业、在册）", "在业"),
                      np.where(r.random(n) < 0.7, "注销", "吊销，未注销"))
    former = np.where(facts.renamed[idx], f.name_first[idx], "")
    city = np.concatenate([u.loc["city"][idx], out["city"]])
    regtype = np.concatenate([f.registration_type_after[idx], np.full(n_out, 173)])
    raw = pd.DataFrame({
        "企业名称": np.concatenate([names_in, out["name"]]),
        "统一社会信用代码": np.where(has_uscc, uscc, ""), "注册号": reg_no,
        "组织机构代码": _org(all_legal), "法定代表人": people.persons(r, n),
        "成立日期": _date(r, np.concatenate([f.founding_year[idx], r.integers(1990, 2016, n_out)])),
        "登记状态": status,
        "企业类型": np.array([ENTERPRISE_TYPE.get(int(t), "其他企业") for t in regtype], dtype=object),
        "行业门类": np.array([DIVISION[d] for d in np.concatenate(
            [division, [TRADE_INDUSTRY[x] for x in out_industry]])], dtype=object),
        "所属行业": np.concatenate([industry, out_industry]),
        "所属省份": c.province_name.to_numpy()[city], "所属城市": c.city_name.to_numpy()[city] + "市",
        "住所": np.concatenate([geography.address(u.loc, idx, with_province=True), _outside_address(out)]),
        "曾用名": np.concatenate([former, np.full(n_out, "")])})
    uid = np.concatenate([f.firm_uid[idx], np.full(n_out, "", dtype=object)])
    truth = pd.DataFrame({"record_key": np.where(has_uscc, uscc, reg_no), "name_written": raw["企业名称"],
                          "firm_uid": uid, "industry": raw["所属行业"]})
    order = np.argsort(reg_no.astype(str), kind="stable")
    raw, truth = raw.iloc[order].reset_index(drop=True), truth.iloc[order].reset_index(drop=True)
    return {f"registry/enterprise_credit_{P.REGISTRY_YEAR}.csv": (raw, truth),
            f"registry/enterprise_name_changes_{P.REGISTRY_YEAR}.csv": _changes(facts, r, raw, truth)}


def _changes(facts, r, reg: pd.DataFrame, reg_truth: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Name changes of renamed universe firms (dated) and other changes of a few firms."""
    f = facts.u.a
    pos = {uid: i for i, uid in enumerate(reg_truth.firm_uid) if uid}
    ren = np.flatnonzero(facts.renamed)
    rows = np.array([pos[u] for u in f.firm_uid[ren]], dtype=int)
    names = pd.DataFrame({"row": rows, "变更事项": np.where(r.random(len(ren)) < 0.7, "名称变更", "企业名称变更"),
                          "变更前内容": f.name_first[ren], "变更后内容": f.name_second[ren],
                          "变更日期": _date(r, f.rename_year[ren])})
    other = r.choice(len(reg), size=len(reg) // 12, replace=False)
    moved = r.random(len(other)) < 0.6
    now = reg["住所"].to_numpy()[other]
    before = np.array([re.sub(r"[0-9]+号$", f"{k}号", a) for a, k in
                       zip(now, r.integers(1, 999, len(other)))], dtype=object)
    addr = pd.DataFrame({"row": other, "变更事项": np.where(moved, "住所变更", "法定代表人变更"),
                         "变更前内容": np.where(moved, before, people.persons(r, len(other))),
                         "变更后内容": np.where(moved, now, people.persons(r, len(other))),
                         "变更日期": _date(r, r.integers(2001, 2023, len(other)))})
    df = pd.concat([names, addr], ignore_index=True).sort_values(["row", "变更日期"], ignore_index=True)
    base = reg.iloc[df.row.to_numpy()]
    raw = pd.DataFrame({"企业名称": base["企业名称"].to_numpy(),
                        "统一社会信用代码": base["统一社会信用代码"].to_numpy(),
                        "注册号": base["注册号"].to_numpy(),
                        **{k: df[k].to_numpy() for k in ("变更事项", "变更前内容", "变更后内容", "变更日期")}})
    truth = pd.DataFrame({"record_key": reg_truth.record_key.to_numpy()[df.row],
                          "name_written": np.where(raw["变更事项"].str.contains("名称"), raw["变更前内容"], ""),
                          "firm_uid": reg_truth.firm_uid.to_numpy()[df.row],
                          "industry": ""})
    return raw, truth


def operators(facts, r) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    u, f, c = facts.u, facts.u.a, geography.cities()
    idx = np.flatnonzero(facts.first_export > 0)
    first = facts.first_export[idx]
    year = np.maximum(first, P.OPERATOR_REGIME_START)
    day = np.where(first <= P.OPERATOR_REGIME_START, r.integers(182, 547, len(idx)), r.integers(0, 300, len(idx)))
    filed = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + day
    filed = np.where(first <= P.OPERATOR_REGIME_START,
                     np.datetime64(f"{P.OPERATOR_REGIME_START}-01-01") + day, filed)
    fyear = filed.astype("datetime64[Y]").astype(int) + 1970
    n_out = int(round(len(idx) * P.OUTSIDE_REGISTRY_SHARE))
    out = people.outside_firms(r, n_out, facts.taken)
    n = len(idx) + n_out
    zh = np.concatenate([facts.name_in(idx, fyear), out["name"]])
    en = people.written_en(r, np.concatenate([u.english_names(idx), out["english_name"]]), upper=0.6)
    en = np.where(r.random(n) < P.NO_ENGLISH_NAME_RATE, "", en)
    legal = np.concatenate([facts.legal_code_in(idx, fyear), numbers.org_codes(r, n_out)])
    city = np.concatenate([u.loc["city"][idx], out["city"]])
    regtype = np.concatenate([f.registration_type[idx], np.full(n_out, 173)])
    raw = pd.DataFrame({
        "备案登记表编号": np.char.zfill(numbers.serials(r, n, 8).astype(str), 8).astype(object),
        "备案日期": np.concatenate([np.datetime_as_string(filed, unit="D").astype(object),
                                np.datetime_as_string(np.datetime64(f"{P.OPERATOR_REGIME_START}-07-01")
                                                      + r.integers(0, 4000, n_out), unit="D").astype(object)]),
        "经营者中文名称": zh, "经营者英文名称": en, "组织机构代码": _org(legal),
        "经营者类型": np.array([ENTERPRISE_TYPE.get(int(t), "其他企业") for t in regtype], dtype=object),
        "住所": np.concatenate([geography.address(u.loc, idx, with_province=True), _outside_address(out)]),
        "进出口企业代码": c.city_code.to_numpy()[city].astype(object) + legal})
    truth = pd.DataFrame({"record_key": raw["备案登记表编号"], "name_written": zh,
                          "firm_uid": np.concatenate([f.firm_uid[idx], np.full(n_out, "", dtype=object)]),
                          "industry": ""})
    order = np.argsort(raw["备案日期"].to_numpy().astype(str), kind="stable")
    return {f"registry/foreign_trade_operators_{P.OPERATOR_YEAR}.csv":
            (raw.iloc[order].reset_index(drop=True), truth.iloc[order].reset_index(drop=True))}
