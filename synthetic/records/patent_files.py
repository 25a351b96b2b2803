"""Write a year of patent applications as a CNIPA-style export: `patents/cnipa_patents_{year}.csv`
(and `_part2`, ... past PART_ROWS records), UTF-8 with a byte-order mark, as Excel saves it.

Export vintages (docs/data-sources.md, "Patents"):
  application years <= 2008  申请号 'CN' + number + '.' + check; dates 2005.03.12;
                             专利类型 发明专利 / 实用新型 / 外观设计; applicants separated by '；'
  application years >= 2009  申请号 without 'CN' and dot (2010101234567); dates 2010-03-12;
                             专利类型 发明 / 实用新型 / 外观设计; applicants separated by ';'
  IPC: 'G06F17/30' until 2005, 'G06F17/30(2006.01)' in 分类号 2006-2011, 'G06F 17/30' since
  2012; a few codes in the DOCDB form 'G06F0017300000'. Designs carry Locarno classes ('14-02').
Planted mess (listed in truth_records/planted_mess.csv): unparseable dates and wrong check
characters (rejected), check characters left out, full-width characters, empty 专利类型,
joint applications exported twice (rejected as duplicates).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.firms import geography
from synthetic.records import numbers, people
from synthetic.records import params as P
from synthetic.records.textio import write_table
from synthetic.streams import rng

COLUMNS = ("申请号", "申请日", "公开（公告）号", "公开（公告）日", "名称", "申请（专利权）人",
           "发明（设计）人", "主分类号", "分类号", "专利类型", "法律状态", "地址", "国省代码")
TYPE_LABEL = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
_FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def file_names(year: int, n_rows: int) -> list[str]:
    parts = max(1, -(-n_rows // P.PART_ROWS))
    return [f"cnipa_patents_{year}.csv" if k == 0 else f"cnipa_patents_{year}_part{k + 1}.csv"
            for k in range(parts)]


def applicants(r, book, fy, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Applicant field as written, and the truth: firm_uids and kinds, in the written order."""
    n = len(df)
    f1, f2, co = df.firm1.to_numpy(), df.firm2.to_numpy(), df.coapplicant.to_numpy()
    uid = book.u.a.firm_uid
    first = np.empty(n, dtype=object)
    inside = f1 >= 0
    city = book.u.loc["city"]
    first[inside] = people.written_cn(r, fy.name[f1[inside]], city[f1[inside]], spaces=0.01,
                                      city_shi=0.02)
    first[~inside] = people.outside_firms(r, int((~inside).sum()), book.taken)["name"]
    second = np.full(n, "", dtype=object)
    joint = f2 >= 0
    second[joint] = people.written_cn(r, fy.name[f2[joint]], city[f2[joint]], spaces=0.01,
                                      city_shi=0.02)
    for kind, draw in (("university", people.universities), ("individual", people.persons)):
        m = co == kind
        second[m] = draw(r, int(m.sum()))
    m = co == "outside_firm"
    second[m] = people.outside_firms(r, int(m.sum()), book.taken)["name"]
    uid1 = np.where(inside, uid[f1.clip(0)], "").astype(object)
    uid2 = np.where(joint, uid[f2.clip(0)], "").astype(object)
    kind1 = np.where(inside, "firm", "outside_firm").astype(object)
    kind2 = np.where(joint, "firm", co).astype(object)
    swap = (co != "") & (r.random(n) < np.where(joint, 0.5, P.CO_FIRST_SHARE))
    sep = "；" if fy.year <= 2008 else ";"
    sep = np.where(r.random(n) < 0.1, sep + " ", sep).astype(object)
    a, b = np.where(swap, second, first), np.where(swap, first, second)
    field = np.where(co != "", a + sep + b, a)
    uids = np.where(co != "", np.where(swap, uid2, uid1) + ";" + np.where(swap, uid1, uid2), uid1)
    kinds = np.where(co != "", np.where(swap, kind2, kind1) + ";" + np.where(swap, kind1, kind2), kind1)
    return field, uids.astype(object), kinds.astype(object)


def _ipc_text(codes: np.ndarray, year: int, r, main: bool) -> np.ndarray:
    """IPC lists in the year's export style (designs' Locarno classes left as they are); a
    few codes in the DOCDB form. Vectorised: regex over the whole column."""
    text = pd.Series(codes, dtype="str")
    if year <= 2005:
        text = text.str.replace(" ", "", regex=False)
    elif year <= 2011:
        text = text.str.replace(r"([A-H]\d\d[A-Z]) (\d+/\d+)", r"\1\2" if main else r"\1\2(2006.01)",
                                regex=True)
    out = text.to_numpy(dtype=object)
    docdb = (r.random(len(codes)) < P.DOCDB_IPC_RATE) & ~text.str.contains("-", regex=False).to_numpy()
    for i in np.flatnonzero(docdb):
        out[i] = ";".join(_docdb(c) for c in str(codes[i]).split(";"))
    return out


def _docdb(code: str) -> str:
    """'G06F 17/30' -> 'G06F0017300000' (4-digit main group, subgroup padded right to 6)."""
    sub, rest = code.split(" ")
    group, subgroup = rest.split("/")
    return f"{sub}{int(group):04d}{subgroup:0<6}"


def _dates(d: np.ndarray, year: int) -> np.ndarray:
    text = pd.Series(np.datetime_as_string(d.astype("datetime64[D]"), unit="D"), dtype="str")
    return (text.str.replace("-", ".", regex=False) if year <= 2008 else text).to_numpy(dtype=object)


def raw_frame(r, book, fy, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export rows (text) and the truth of each row."""
    year, n = fy.year, len(df)
    field, uids, kinds = applicants(r, book, fy, df)
    app = df.application_number.to_numpy()
    shown = ("CN" + app) if year <= 2008 else pd.Series(app, dtype="str").str.replace(
        ".", "", regex=False).to_numpy(dtype=object)
    loc = book.u.loc
    firm = df.firm1.to_numpy()
    city = np.where(firm >= 0, loc["city"][firm.clip(0)], r.integers(0, len(geography.cities()), n))
    c = geography.cities()
    inventors = people.persons(r, n)
    more = r.random(n) < 0.6
    inventors[more] = inventors[more] + ";" + people.persons(r, int(more.sum()))
    ptype = df.patent_type.to_numpy()
    label = np.select([ptype == t for t in TYPE_LABEL], list(TYPE_LABEL.values()), "").astype(object)
    if year <= 2008:
        label = np.where(ptype == "invention", "发明专利", label)
    address = np.where(firm >= 0, geography.address(loc, firm.clip(0), with_province=True),
                       c.province_name.to_numpy()[city].astype(object) + c.city_name.to_numpy()[city] + "市")
    raw = pd.DataFrame({
        "申请号": shown, "申请日": _dates(df.application_date.to_numpy(), year),
        "公开（公告）号": df.publication_number.to_numpy(),
        "公开（公告）日": _dates(df.publication_date.to_numpy(), year),
        "名称": book.titles(r, df), "申请（专利权）人": field, "发明（设计）人": inventors,
        "主分类号": _ipc_text(df.ipc_main.to_numpy(), year, r, main=True),
        "分类号": _ipc_text(df.ipc_list.to_numpy(), year, r, main=False),
        "专利类型": label, "法律状态": df.legal_status.to_numpy(), "地址": address,
        "国省代码": c.province_code.to_numpy()[city]})
    truth = pd.DataFrame({"application_number": app, "application_year": year,
                          "patent_type": ptype, "is_digital": df.is_digital.to_numpy(),
                          "is_granted": df.is_granted.to_numpy(), "applicant_firm_uids": uids,
                          "applicant_kinds": kinds})
    return raw, truth


def plant(r, raw: pd.DataFrame, truth: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[dict]]:
    """Mess the rows as delivered; return the rows (duplicates appended) and what was planted."""
    n = len(raw)
    cols = {c: raw[c].to_numpy(dtype=object).copy() for c in raw.columns}   # edited in place
    joint = (truth.applicant_kinds == "firm;firm").to_numpy()
    clean = np.flatnonzero(~joint)
    planted = []
    k_date, k_pub, k_check = (max(1, int(rate * n)) if n >= 50 else 0
                              for rate in (P.BAD_DATE_RATE, P.BAD_PUB_DATE_RATE, P.BAD_CHECK_RATE))
    rows = r.choice(clean, size=min(len(clean), k_date + k_pub + k_check), replace=False)
    sep = "." if year <= 2008 else "-"
    for col, idx in {"申请日": rows[:k_date], "公开（公告）日": rows[k_date:k_date + k_pub]}.items():
        for i in idx:
            cols[col][i] = str(cols[col][i])[:4] + sep + r.choice(["13", "02", "00"]) + sep + "30"
            planted.append({"row": int(i) + 1, "column": col, "what": "unparseable date",
                            "application_number": truth.application_number[i]})
    for i in rows[k_date + k_pub:]:
        s = str(cols["申请号"][i])
        body = s.replace("CN", "").replace(".", "")[:-1]
        cols["申请号"][i] = s[:-1] + ("0" if numbers.check_char(body) != "0" else "1")
        planted.append({"row": int(i) + 1, "column": "申请号", "what": "wrong check character",
                        "application_number": truth.application_number[i]})
    _mess_text(r, cols, np.setdiff1d(np.arange(n), rows))
    dup = np.flatnonzero(joint & (r.random(n) < P.DUPLICATE_JOINT_SHARE))
    for j, i in enumerate(dup):
        planted.append({"row": n + j + 1, "column": "申请号", "what": "duplicate application (second "
                        "applicant's query)", "application_number": truth.application_number[i]})
    order = np.concatenate([np.arange(n), dup])
    return pd.DataFrame({c: v[order] for c, v in cols.items()}), planted


def _mess_text(r, cols: dict, rows: np.ndarray) -> None:
    """Check characters left out, full-width characters, empty 专利类型 (none rejected)."""
    pick = lambda rate: rows[r.random(len(rows)) < rate]  # noqa: E731
    for i in pick(P.NO_CHECK_RATE):
        s = str(cols["申请号"][i])
        cols["申请号"][i] = s.split(".")[0] if "." in s else s[:-1]
    for col in ("申请号", "主分类号", "申请（专利权）人"):
        for i in pick(P.FULLWIDTH_RATE):
            cols[col][i] = str(cols[col][i]).translate(_FULL)
    cols["专利类型"][pick(P.NO_TYPE_RATE)] = ""


def write_year(out: Path, raw: pd.DataFrame, year: int) -> list[str]:
    """Write the export file(s) of the year; return their paths relative to `out`."""
    folder = Path(out) / "patents"
    folder.mkdir(parents=True, exist_ok=True)
    names = file_names(year, len(raw))
    for k, name in enumerate(names):
        part = raw.iloc[k * P.PART_ROWS:(k + 1) * P.PART_ROWS]
        write_table(folder / name, part, encoding="utf-8-sig")
    return [f"patents/{n}" for n in names]


def part_of(row: int) -> tuple[int, int]:
    """(part index, row within the part) of a 1-based row of the year's records."""
    return (row - 1) // P.PART_ROWS, (row - 1) % P.PART_ROWS + 1


def year_stream(seed: int, year: int):
    return rng(seed, "records", "patent_files", year)
