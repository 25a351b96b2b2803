"""Layout rules shared by the UN concordance readers: header detection and row-by-row link parsing.

Layouts seen in the official files (all handled by locating the header row, not by fixed cells):

* sheets named ``Correlation …`` / ``Conversion …`` (names differ per vintage); header row 1, 2
  or 7 (title block above it, in column B); data in columns A.. or C..; an optional ``ex.``
  column (partial correspondence marker, not kept); ``Between`` pre-header rows; hundreds of
  empty trailing rows (HS2007).
* relationship labels ``1:1``/``n:1``/``1:n``/``n:n``, ``1 to 1``…, ``'n:n`` (leading apostrophe,
  HS2002) and ``1ToN`` (HS1996->BEC) -> normalised to ``1:1``, ``1:n``, ``n:1``, ``n:n``
  (left = from side, right = target side).
* a from-code with a blank target (or ``n/a``: HS 710820/711890 in the BEC files) is listed but
  unmapped and is kept with a null target; a target with ``n/a`` as from-code (HS2012->SITC2,
  last row: ``n/a -> 9110`` postal packages) has no HS source and is dropped (counted as
  ``n_unmapped_to``). A target row whose from-cell is *blank* (merged-cell style) continues the
  from-code above and is counted (``n_from_carried_down``; none in the official files).
* HS codes are text in the official files; a code that arrives as a number or as a 5-digit
  string lost its leading zero and is re-padded (counted). SITC codes cannot be re-padded
  (4 or 5 digits both exist), so a numeric SITC cell is an error.
* notes rows after the last data row are ignored; a non-code row *between* data rows is an error.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .common import (
    NOMEN_BEC,
    CodeStats,
    ReferenceFormatError,
    computed_relationship,
    hs_nomen_of_year,
    hs_year,
    is_blank,
    is_unmapped_token,
    norm_hs6,
    norm_relationship,
)

log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 30

_HS_CELL = re.compile(r"^(?:from|to|between)?\s*hs\s*-?\s*(\d{4}|\d{2})$", re.I)
_SITC_CELL = re.compile(r"^(?:from|to)?\s*sitc\s*(?:rev(?:ision)?\.?\s*)?(\d)$", re.I)
_BEC_CELL = re.compile(r"^(?:from|to)?\s*bec(?:\s*rev(?:ision)?\.?\s*\d)?$", re.I)
_REL_CELL = re.compile(r"^relationship$", re.I)
_EX_CELL = re.compile(r"^ex\.?$", re.I)
_NAME_RE = re.compile(r"hs\s*(\d{4}|\d{2})\s*-?\s*to\s*(?:hs\s*(\d{4}|\d{2})|sitc\s*(?:rev\.?\s*)?(\d)|(bec))",
                      re.I)

LINK_STAT_KEYS = ("n_codes_lost_leading_zero", "n_unmapped_from", "n_unmapped_to", "n_trailing_notes",
                  "n_from_carried_down", "n_relationship_computed", "n_relationship_differs",
                  "n_from_only_in_conversion_sheet", "n_conversion_links_not_in_correlation",
                  "n_duplicate_links")


def _classify_header_cell(v, path, sheet) -> tuple[str, str | None] | None:
    if not isinstance(v, str):
        return None
    s = v.strip().lstrip("\ufeff")
    if m := _HS_CELL.match(s):
        return "code", hs_nomen_of_year(hs_year(m.group(1)), path, sheet)
    if m := _SITC_CELL.match(s):
        return "code", f"S{m.group(1)}"
    if _BEC_CELL.match(s):
        return "code", NOMEN_BEC
    if _REL_CELL.match(s):
        return "rel", None
    if _EX_CELL.match(s):
        return "ex", None
    return None


@dataclass
class Header:
    row_idx: int            # 0-based index into rows
    from_col: int
    to_col: int
    rel_col: int | None
    from_nomen: str
    to_nomen: str


def find_header(rows: list[list], path, sheet, expected: str, scan: int = HEADER_SCAN_ROWS) -> Header:
    """First row (within ``scan`` rows) whose non-empty cells are all header labels and which
    names two classifications (from, to)."""
    for i, row in enumerate(rows[:scan]):
        cells = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
        if not cells:
            continue
        kinds = [(j, _classify_header_cell(v, path, sheet)) for j, v in cells]
        if any(k is None for _, k in kinds):
            continue
        codes = [(j, k[1]) for j, k in kinds if k[0] == "code"]
        rels = [j for j, k in kinds if k[0] == "rel"]
        if len(codes) != 2 or len(rels) > 1:
            continue
        return Header(i, codes[0][0], codes[1][0], rels[0] if rels else None, codes[0][1], codes[1][1])
    preview = [[v for v in r if not is_blank(v)] for r in rows[:scan]]
    preview = [r for r in preview if r][:4]
    where = "as the first row" if scan == 1 else f"within the first {scan} rows"
    raise ReferenceFormatError(path, sheet, f"expected a header row like {expected} {where}; "
                                            f"found {preview}")


@dataclass
class ParsedLinks:
    links: pd.DataFrame                  # from_code, to_code, relationship (published), source_row
    stats: dict = field(default_factory=dict)


def parse_links(rows: list[list], hdr: Header, path, sheet,
                norm_to: Callable[[object, CodeStats], str | None], code_stats: CodeStats) -> ParsedLinks:
    """Turn the rows below the header into links; see the module docstring for the rules."""
    out: list[tuple] = []
    pending_other: list[tuple[int, list, str]] = []   # (sheet row, cells, why): notes
    carried = 0
    unmapped_to: set[str] = set()
    last_from: str | None = None
    for i in range(hdr.row_idx + 1, len(rows)):
        row = rows[i]
        sheet_row = i + 1
        def cell(j, row=row):
            return row[j] if j is not None and j < len(row) else None
        f_raw, t_raw, r_raw = cell(hdr.from_col), cell(hdr.to_col), cell(hdr.rel_col)
        if all(is_blank(v) for v in row):
            continue
        f_none = is_unmapped_token(f_raw)
        f = None if (is_blank(f_raw) or f_none) else norm_hs6(f_raw, code_stats, "from")
        f_bad = f is None and not (is_blank(f_raw) or f_none)
        t, t_problem = None, None
        if not is_unmapped_token(t_raw):
            try:
                t = norm_to(t_raw, code_stats)
            except ValueError as exc:
                t_problem = str(exc)
        if (f is not None and t_problem) or (f_bad and t is not None):
            why = t_problem if f is not None else f"from-code {f_raw!r} is not an HS 6-digit code"
            raise ReferenceFormatError(path, sheet, f"row {sheet_row}: {why}; found {row}")
        if f is None and t is None:  # no code at all: a note (allowed only after the data)
            pending_other.append((sheet_row, row, t_problem or "no code in the from/to columns"))
            continue
        if pending_other:
            r0, content, why = pending_other[0]
            raise ReferenceFormatError(path, sheet, f"row {r0}: {why}; found {content} between data "
                                                    f"rows (expected codes below the header row "
                                                    f"{hdr.row_idx + 1})")
        rel = None
        if hdr.rel_col is not None and not is_blank(r_raw):
            rel = norm_relationship(r_raw)
            if rel is None:
                raise ReferenceFormatError(path, sheet, f"row {sheet_row}: relationship {r_raw!r} is "
                                                        f"not one of '1 to 1', 'n:1', '1:n', 'n to n'")
        if f is None and f_none:  # target listed with an explicit 'n/a' source
            unmapped_to.add(t)
            continue
        if f is None:
            if last_from is None:
                raise ReferenceFormatError(path, sheet, f"row {sheet_row}: target {t!r} without a "
                                                        f"from-code and no row above to continue")
            f = last_from
            carried += 1
        last_from = f
        out.append((f, t, rel, sheet_row))
    df = pd.DataFrame(out, columns=["from_code", "to_code", "relationship", "source_row"], dtype=object)
    df["source_row"] = df["source_row"].astype("int64")
    if df.empty:
        raise ReferenceFormatError(path, sheet, f"no data rows below the header row {hdr.row_idx + 1}")
    n_dup = int(df.duplicated(["from_code", "to_code"]).sum())
    if n_dup:
        log.warning("%s [%s]: %d duplicate links dropped", Path(path).name, sheet, n_dup)
        df = df.drop_duplicates(["from_code", "to_code"], keep="first")
    return ParsedLinks(df, {"n_trailing_notes": len(pending_other), "n_from_carried_down": carried,
                            "n_duplicate_links": n_dup, "n_unmapped_to": len(unmapped_to)})


def name_nomens(path) -> tuple[str, str] | None:
    """(from_nomen, to_nomen) from a file name like 'HS 2012 to HS 1996 …', 'HS2017toHS1996…'."""
    m = _NAME_RE.search(Path(path).name)
    if not m:
        return None
    from_n = hs_nomen_of_year(hs_year(m.group(1)), path, None)
    if m.group(2):
        to_n = hs_nomen_of_year(hs_year(m.group(2)), path, None)
    elif m.group(3):
        to_n = f"S{m.group(3)}"
    else:
        to_n = NOMEN_BEC
    return from_n, to_n


def check_nomens(path, sheet, hdr: Header, by_name) -> None:
    if by_name is not None and by_name != (hdr.from_nomen, hdr.to_nomen):
        raise ReferenceFormatError(path, sheet, f"file name says {by_name[0]} -> {by_name[1]} but the "
                                                f"header says {hdr.from_nomen} -> {hdr.to_nomen}")


def finish_links(links: pd.DataFrame, stats: dict, code_stats: CodeStats) -> pd.DataFrame:
    """Fill missing relationship labels from link multiplicities; record the counts."""
    comp = computed_relationship(links, "from_code", "to_code")
    missing = links["relationship"].isna() & links["to_code"].notna()
    stats["n_relationship_computed"] = int(missing.sum())
    stats["n_relationship_differs"] = int((~missing & links["to_code"].notna()
                                           & (links["relationship"] != comp)).sum())
    links.loc[missing, "relationship"] = comp[missing]
    stats["n_unmapped_from"] = int(links.loc[links["to_code"].isna(), "from_code"].nunique())
    stats["n_codes_lost_leading_zero"] = code_stats.n_repadded
    return links
