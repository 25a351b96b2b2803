"""Shared pieces of the landing step: errors, code/label normalisation, atomic Parquet writes.

Codes are always carried as text. A code that arrives as a number (Excel numeric cell,
Stata float) or as a string shorter than its fixed width has lost its leading zero; it is
re-padded and counted, never silently guessed when the width is ambiguous.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


class LandingError(Exception):
    """Base class of the landing step's errors."""


class ReferenceFormatError(LandingError, ValueError):
    """A reference file whose layout is not the one the loader knows.

    The message names the file, the sheet (``(csv)``/``(dta)``/``(json)`` for
    non-workbook files) and what was expected versus what was found.
    """

    def __init__(self, path: str | os.PathLike, sheet: str | None, problem: str):
        self.path = Path(path)
        self.sheet = sheet
        self.problem = problem
        where = f"sheet {sheet!r}" if sheet is not None else "(no sheet)"
        super().__init__(f"{self.path.name}: {where}: {problem} [file: {self.path}]")


# WITS / UN Comtrade nomenclature codes of the HS vintages.
HS_YEAR_TO_NOMEN = {1992: "H0", 1996: "H1", 2002: "H2", 2007: "H3", 2012: "H4", 2017: "H5", 2022: "H6"}
NOMEN_SITC2 = "S2"
NOMEN_BEC = "BEC"

RELATIONSHIPS = ("1:1", "1:n", "n:1", "n:n")


def hs_year(text: str) -> int:
    """'96' -> 1996, '02' -> 2002, '2012' -> 2012."""
    y = int(text)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    return y


def hs_nomen_of_year(year: int, path, sheet) -> str:
    try:
        return HS_YEAR_TO_NOMEN[year]
    except KeyError:
        raise ReferenceFormatError(path, sheet, f"HS edition {year} is not one of "
                                   f"{sorted(HS_YEAR_TO_NOMEN)}") from None


@dataclass
class CodeStats:
    """What happened to the codes of one file while normalising them."""
    repadded: set = field(default_factory=set)   # (column, code) pairs re-padded

    @property
    def n_repadded(self) -> int:
        return len(self.repadded)


def is_blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip() == ""


UNMAPPED_TOKENS = frozenset({"n/a", "na", "#n/a", "-", "none"})


def is_unmapped_token(v) -> bool:
    """'n/a' and friends: the file says explicitly that there is no code on this side."""
    return isinstance(v, str) and v.strip().lower() in UNMAPPED_TOKENS


def _number_to_digits(v) -> str | None:
    """Integral numeric cell -> digit string; anything else -> None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v) if v >= 0 else None
    if isinstance(v, float) and math.isfinite(v) and v >= 0 and v == int(v):
        return str(int(v))
    return None


def norm_hs6(v, stats: CodeStats | None = None, column: str = "hs6") -> str | None:
    """Normalise an HS 6-digit code to 6-char text, or return None if it is not one.

    Accepts '010121', "'010121", '0101.21', ' 010121 ', 10121 (number), '10121' (lost zero).
    Only a single lost leading zero (5 digits) is re-padded: HS chapters are 01-97, so a
    6-digit HS code never starts with '00'.
    """
    if isinstance(v, str):
        s = v.strip().lstrip("'").replace(".", "").replace(" ", "")
    else:
        s = _number_to_digits(v)  # a numeric cell of full width needs no padding
        if s is None:
            return None
    if not s.isdigit():
        return None
    if len(s) == 5:
        padded = "0" + s
        if stats is not None:
            stats.repadded.add((column, padded))
        return padded
    return s if len(s) == 6 else None


def norm_digits_text(v, min_len: int, max_len: int) -> str | None:
    """Code published as text (BEC, SITC): strip, drop dots/apostrophes, keep as published.

    Numeric cells are accepted only if they have no possible leading zero issue, which the
    caller decides; this helper returns None for non-text input.
    """
    if not isinstance(v, str):
        return None
    s = v.strip().lstrip("'").replace(".", "").replace(" ", "")
    if s.isdigit() and min_len <= len(s) <= max_len:
        return s
    return None


_REL_RE = re.compile(r"^([1nm])(?:to|:|-)([1nm])$")


def norm_relationship(v) -> str | None:
    """'1 to 1', "'n:1", '1ToN', 'n to n', 'N:1' -> '1:1', 'n:1', '1:n', 'n:n'; None if not a label."""
    if not isinstance(v, str):
        return None
    s = v.strip().lstrip("'").lower().replace(" ", "")
    m = _REL_RE.match(s)
    if not m:
        return None
    a, b = (("n" if x == "m" else x) for x in m.groups())
    return f"{a}:{b}"


def computed_relationship(df: pd.DataFrame, from_col: str, to_col: str) -> pd.Series:
    """Link-level relationship from multiplicities: left side 'n' if the target receives more
    than one from-code, right side 'n' if the from-code has more than one target.

    This is the convention of the HS2017/HS2022 UN files (their labels match it link by link).
    Rows whose target is null (unmapped) get None.
    """
    linked = df[to_col].notna()
    n_targets = df[linked].groupby(from_col)[to_col].transform("nunique")
    n_sources = df[linked].groupby(to_col)[from_col].transform("nunique")
    lab = pd.Series([None] * len(df), index=df.index, dtype=object)
    lab[linked] = [("n" if s > 1 else "1") + ":" + ("n" if t > 1 else "1")
                   for s, t in zip(n_sources, n_targets)]
    return lab


def file_kind(path: Path) -> str:
    """'xlsx' or 'xls' by magic bytes (extensions lie), else the lower-case suffix."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise LandingError(f"{Path(path).name}: cannot open: {exc} [file: {path}]") from exc
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return Path(path).suffix.lower().lstrip(".")
