"""The record sources of the firm universe: CNIPA patent exports (one file per application year),
B2B platform member lists, ICP filings and WHOIS lookups, the enterprise credit registry (with
its name changes) and the foreign-trade operator registry, with truth files (truth_records/)
and the planted parameters (truth.json studies["firm_records"]).

Walks the same FirmUniverse as the firms family (rebuilt from scale and seed; every draw here
comes from "records" streams, so the firms family's files are unchanged). Memory is bounded by
the number of firms and one year of patents.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from synthetic.firms import FirmUniverse
from synthetic.records import mess, patent_files, platforms, registries, sites
from synthetic.records import params as P
from synthetic.records.firm_facts import FirmFacts
from synthetic.records.patents import PatentBook
from synthetic.records.textio import csv_bytes, write_table
from synthetic.records.truth import RecordsTruth
from synthetic.streams import rng

# file -> (truth kind, date column planted unparseable, duplicate rate, encoding, truth key)
LISTS = {
    "alibaba_com_suppliers": ("platform", "Member Since", P.DUPLICATE_MEMBER_RATE, "utf-8", "company_name"),
    "made_in_china_members": ("platform", "Member Since", P.DUPLICATE_MEMBER_RATE, "utf-8", "company_name"),
    "1688_chengxintong_members": ("platform", "诚信通年限", P.DUPLICATE_MEMBER_RATE, "utf-8-sig",
                                  "company_name"),
    "icp_beian": ("website", "审核通过时间", P.DUPLICATE_MEMBER_RATE, "utf-8", "domain"),
    "whois": ("website", "creation_date", P.DUPLICATE_MEMBER_RATE, "utf-8", "domain"),
    "enterprise_credit": ("registry", "成立日期", P.BAD_REGISTRY_RATE, "utf-8", "record_key"),
    "enterprise_name_changes": ("registry", "变更日期", P.BAD_REGISTRY_RATE, "utf-8", "record_key"),
    "foreign_trade_operators": ("registry", "备案日期", P.BAD_REGISTRY_RATE, "gb18030", "record_key"),
}
BROKEN_ROW, BROKEN_COLUMN = 7, "住所"     # one undecodable line in the GB18030 download


def _clear(out: Path) -> None:
    """Remove this family's raw files from an earlier run (e.g. patent parts of a larger scale)."""
    for pattern in ("patents/cnipa_patents_*.csv", "web/*.csv", "registry/*.csv"):
        for stale in out.glob(pattern):
            stale.unlink()


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    """Write the record sources of `scale` with `seed` into `out`; return {study: truth}."""
    started, out = time.perf_counter(), Path(out)
    _clear(out)
    u = FirmUniverse(scale, seed)
    book, facts, truth = PatentBook(u), FirmFacts(u), RecordsTruth(out)
    n_patents = 0
    for fy in u.years():
        facts.add_year(fy)
        df = book.year(fy)
        r = patent_files.year_stream(seed, fy.year)
        raw, ptruth = patent_files.raw_frame(r, book, fy, df)
        raw, planted = patent_files.plant(r, raw, ptruth, fy.year)
        files = patent_files.write_year(out, raw, fy.year)
        truth.add_patents(fy, df, ptruth, planted, files, len(raw))
        n_patents += len(raw)
    say(f"records: {n_patents:,} patent rows, {time.perf_counter() - started:.1f}s")
    r = rng(seed, "records", "lists")
    lists = {**platforms.member_lists(facts, r), **sites.files(facts, r), **registries.credit(facts, r),
             **registries.operators(facts, r)}
    for file, (raw, t) in lists.items():
        kind, date_col, dup, encoding, key = LISTS[file.split("/")[1].rsplit("_", 1)[0]]
        eligible = (raw[date_col].astype(str) != "").to_numpy()
        raw, t, planted = mess.plant(r, raw, t, file, date_col, P.BAD_WEB_DATE_RATE, dup,
                                     eligible=eligible)
        if encoding == "gb18030":
            planted.append(_write_broken(out / file, raw, t))
        else:
            write_table(out / file, raw, encoding=encoding)
        truth.add_list(kind, file, t, planted, key)
    say(f"records: {len(lists)} web and registry files, {time.perf_counter() - started:.1f}s")
    return truth.finish(facts)


def _write_broken(path: Path, raw, t) -> dict:
    """GB18030 text with the first byte of BROKEN_COLUMN on one data row (from BROKEN_ROW on, a
    row with nothing else planted) replaced by 0xFF, never valid in GB18030: the damage a
    partially corrupted download has."""
    plain = (t.planted == "").to_numpy() & (t.planted.shift(-1, fill_value="") == "").to_numpy()
    row = BROKEN_ROW + int(plain[BROKEN_ROW - 1:].argmax())
    lines = csv_bytes(raw).decode("utf-8").encode("gb18030").split(b"\n")
    value = str(raw[BROKEN_COLUMN].iloc[row - 1]).encode("gb18030")
    lines[row] = lines[row].replace(value, b"\xff" + value[1:], 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines))
    return {"file": f"{path.parent.name}/{path.name}", "row": row, "column": BROKEN_COLUMN,
            "what": "undecodable byte 0xFF"}
