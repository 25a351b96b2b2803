"""UN Statistics Division concordance tables: HS->HS1996, HS->SITC Rev.2 (.xls/.xlsx), HS->BEC (.csv).

The layout rules (header detection, notes rows, unmapped codes, carried-down codes) are in
``un_layout``; this module picks the sheets, cross-checks them and shapes the output columns.
"""
from __future__ import annotations

import csv
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .common import NOMEN_BEC, NOMEN_SITC2, CodeStats, ReferenceFormatError, is_blank, norm_digits_text, norm_hs6
from .excel import ExcelReadError, Workbook
from .un_layout import LINK_STAT_KEYS, check_nomens, find_header, finish_links, name_nomens, parse_links

log = logging.getLogger(__name__)


def _read_un_workbook(path, norm_to, expect_to: Callable[[str], bool], expected_header: str,
                      supplement_from_conversion: bool) -> tuple[pd.DataFrame, dict]:
    path = Path(path)
    by_name = name_nomens(path)
    code_stats = CodeStats()
    with Workbook(path) as wb:
        names = wb.sheet_names
        corr = [s for s in names if "correl" in s.lower()]
        conv = [s for s in names if "conver" in s.lower()]
        if len(corr) > 1 or len(conv) > 1 or not (corr or conv):
            raise ReferenceFormatError(path, None, f"expected one sheet named like 'Correlation …' "
                                                   f"and/or one like 'Conversion …'; found sheets {names}")
        parsed = {}
        for sheet in corr + conv:
            rows = wb.rows(sheet)
            hdr = find_header(rows, path, sheet, expected_header)
            check_nomens(path, sheet, hdr, by_name)
            if not expect_to(hdr.to_nomen):
                raise ReferenceFormatError(path, sheet, f"expected a header like {expected_header}; "
                                                        f"found target classification {hdr.to_nomen}")
            parsed[sheet] = (hdr, parse_links(rows, hdr, path, sheet, norm_to, code_stats))
    hdrs = [h for h, _ in parsed.values()]
    if len({(h.from_nomen, h.to_nomen) for h in hdrs}) > 1:
        raise ReferenceFormatError(path, None, f"sheets disagree on the classifications: "
                                               f"{[(s, h.from_nomen, h.to_nomen) for s, (h, _) in parsed.items()]}")
    main_sheet = corr[0] if corr else conv[0]
    hdr, main = parsed[main_sheet]
    links = main.links.assign(source_sheet=main_sheet)
    if not corr:  # conversion sheet only: labels come from the link multiplicities
        links["relationship"] = None
    stats = dict(main.stats, n_from_only_in_conversion_sheet=None,
                 n_conversion_links_not_in_correlation=None)
    if corr and conv:  # cross-check the two sheets; optionally add conversion-only from-codes
        other = parsed[conv[0]][1].links
        other = other[other["to_code"].notna()]
        known = set(links["from_code"])
        extra = other[~other["from_code"].isin(known)]
        corr_links = set(zip(links["from_code"], links["to_code"]))
        stats["n_from_only_in_conversion_sheet"] = int(extra["from_code"].nunique())
        stats["n_conversion_links_not_in_correlation"] = int(sum(
            1 for f, t in zip(other["from_code"], other["to_code"]) if f in known and (f, t) not in corr_links))
        if len(extra):
            log.info("%s: from-codes only in sheet %r%s: %s", path.name, conv[0],
                     " (added)" if supplement_from_conversion else " (not added)",
                     sorted(extra["from_code"].unique()))
        if supplement_from_conversion:
            links = pd.concat([links, extra.assign(relationship=None, source_sheet=conv[0])],
                              ignore_index=True)
    links = finish_links(links.reset_index(drop=True), stats, code_stats)
    links["from_nomen"], links["to_nomen"], links["source_file"] = hdr.from_nomen, hdr.to_nomen, path.name
    links = links.sort_values(["from_code", "to_code", "source_sheet", "source_row"],
                              na_position="last", kind="stable").reset_index(drop=True)
    return links, stats


def _norm_hs6_target(v, code_stats: CodeStats) -> str | None:
    if is_blank(v):
        return None
    s = norm_hs6(v, code_stats, "to")
    if s is None:
        raise ValueError(f"target {v!r} is not an HS 6-digit code")
    return s


def read_un_hs_conversion(path: str | os.PathLike, supplement_from_conversion: bool = False) -> pd.DataFrame:
    """UN 'HS xxxx to HS 1996 Correlation and conversion tables' (.xls/.xlsx) -> one row per link.

    Columns: from_nomen (H2..H6), from_code (6-char text), to_nomen ('H1'), to_code (6-char text,
    null = listed but unmapped), relationship ('1:1' | 'n:1' | '1:n' | 'n:n'), source_file,
    source_sheet, source_row (1-based sheet row).

    Choice of sheet: the **correlation** sheet, which lists every many-to-many link (the
    conversion sheet keeps a single target per from-code and so hides splits). The conversion
    sheet is only cross-checked (counts in attrs): it has from-codes the correlation sheet
    lacks (HS2002 '140390', not an HS2002 code - the HS2002 BEC file has only 140300; the
    pseudo-code 999999 in HS2012/HS2017) and a few targets that contradict it (HS2007
    844331/844332/844339 -> 844359, stored as numbers; HS2002 810930 -> 810990 vs 810910).
    ``supplement_from_conversion=True`` adds the conversion-only from-codes (``source_sheet``
    says so) with computed labels; off by default because of the above.
    A file without a correlation sheet is read from its conversion sheet, labels computed from
    the link multiplicities (left 'n' if the target gets >1 from-code, right 'n' if the from-code
    has >1 target). Published labels are kept as published (normalised): the HS2002/2007/2012
    files label some links 'n:n' by group where the link itself is 1:n.

    The vintage is read from the file name and from every sheet's header; they must agree.
    ``DataFrame.attrs['landing']`` holds the counts (lost zeros, unmapped, sheet cross-check ...).
    """
    links, stats = _read_un_workbook(path, _norm_hs6_target, lambda n: n.startswith("H"),
                                     "'HS 2012 | HS 1996 | Relationship' or 'From HS 2017 | To HS 1996'",
                                     supplement_from_conversion)
    cols = ["from_nomen", "from_code", "to_nomen", "to_code", "relationship",
            "source_file", "source_sheet", "source_row"]
    links = links[cols]
    links.attrs["landing"] = stats
    return links


def _norm_sitc(v, code_stats: CodeStats) -> str | None:
    if is_blank(v):
        return None
    if not isinstance(v, str):
        raise ValueError(f"SITC code stored as a number ({v!r}): its width (4 or 5 digits, "
                         f"leading zeros) cannot be recovered; the official file stores text")
    s = norm_digits_text(v, 3, 5)
    if s is None:
        raise ValueError(f"target {v!r} is not a SITC code (3-5 digits, dots allowed)")
    return s


def read_un_hs_sitc2(path: str | os.PathLike, supplement_from_conversion: bool = False) -> pd.DataFrame:
    """UN 'HS 2012 to SITC2 Correlation and conversion tables' -> one row per HS6 x SITC2 link.

    Columns: hs_nomen, hs6, sitc2 (text as published, dots removed, 3-5 digits; null = the file
    lists the HS code without a SITC code: HS2012 710820 and 711890, monetary gold and coin),
    sitc2_3digit (first 3 digits, the level of the Lall classes), relationship, source_file,
    source_sheet, source_row. Same sheet choice and rules as read_un_hs_conversion. The last row
    'n/a -> 9110' (SITC postal packages, no HS source) is dropped and counted (n_unmapped_to);
    the 999999 -> 9310 link keeps its published label '1:n' although it is the only target.
    """
    links, stats = _read_un_workbook(path, _norm_sitc, lambda n: n == NOMEN_SITC2,
                                     "'HS 2012 | SITC2 | Relationship'", supplement_from_conversion)
    out = links.rename(columns={"from_nomen": "hs_nomen", "from_code": "hs6", "to_code": "sitc2"})
    out["sitc2_3digit"] = out["sitc2"].str[:3]
    out = out[["hs_nomen", "hs6", "sitc2", "sitc2_3digit", "relationship",
               "source_file", "source_sheet", "source_row"]]
    out.attrs["landing"] = stats
    return out


def _norm_bec(v, code_stats: CodeStats) -> str | None:
    if is_blank(v):
        return None
    s = norm_digits_text(v if isinstance(v, str) else str(v).removesuffix(".0"), 1, 3)
    if s is None:
        raise ValueError(f"BEC code {v!r} is not 1-3 digits")
    return s


def read_csv_rows(path: Path) -> list[list[str]]:
    """All rows of a CSV as lists of str (never numbers), BOM removed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceFormatError(path, "(csv)", f"cannot read: {exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # the UN files are ASCII; an Excel re-save may be Windows-1252
        text = raw.decode("cp1252", errors="replace")
    rows = [[c.lstrip("\ufeff") for c in r] for r in csv.reader(text.splitlines())]
    return [[None if c.strip() == "" else c for c in r] for r in rows]


def read_un_hs_bec(path: str | os.PathLike) -> pd.DataFrame:
    """UN 'HS{vintage} to BEC Conversion and Correlation Tables.csv' -> one row per HS6 x BEC link.

    Columns: hs_nomen, hs6 (6-char text; the HS2007 file writes '0101.10'), bec (text exactly as
    published, NOT padded: '41', '111', '7'; null where the file says 'n/a', i.e. HS 710820 and
    711890 in the HS1996/2002/2012 files), relationship, source_file, source_row (1-based line of
    the CSV, header = line 1). The HS2007 file has no Relationship column: labels are computed
    from the link multiplicities (all 'n:1' there). Vintage from file name and header must agree.
    """
    path = Path(path)
    sheet = "(csv)"
    rows = read_csv_rows(path)
    expected = "'HS 2012,BEC,Relationship' (or 'HS2007,BEC')"
    hdr = find_header(rows, path, sheet, expected, scan=1) if rows else None
    if hdr is None:
        raise ReferenceFormatError(path, sheet, f"empty file; expected a header like {expected}")
    if hdr.to_nomen != NOMEN_BEC or not hdr.from_nomen.startswith("H"):
        raise ReferenceFormatError(path, sheet, f"expected a header like {expected}; found {rows[0]}")
    check_nomens(path, sheet, hdr, name_nomens(path))
    code_stats = CodeStats()
    parsed = parse_links(rows, hdr, path, sheet, _norm_bec, code_stats)
    stats = dict(parsed.stats)
    links = finish_links(parsed.links, stats, code_stats)
    out = pd.DataFrame({"hs_nomen": hdr.from_nomen, "hs6": links["from_code"], "bec": links["to_code"],
                        "relationship": links["relationship"], "source_file": path.name,
                        "source_row": links["source_row"]})
    out = out.sort_values(["hs6", "bec", "source_row"], na_position="last", kind="stable").reset_index(drop=True)
    out.attrs["landing"] = stats
    return out


__all__ = ["read_un_hs_conversion", "read_un_hs_sitc2", "read_un_hs_bec", "name_nomens",
           "ReferenceFormatError", "ExcelReadError", "LINK_STAT_KEYS"]
