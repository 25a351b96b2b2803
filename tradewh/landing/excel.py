"""Read Excel workbooks (.xls via xlrd, .xlsx via openpyxl) cell by cell, keeping cell types.

pandas.read_excel would do, but it hides whether a cell was text or a number (the only way
to tell a code that lost its leading zero) and its xlrd engine is deprecated in pandas 3.
The format is detected from the file's magic bytes, not its extension.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..parquet import write_parquet
from .common import LandingError, file_kind


class ExcelReadError(LandingError, ValueError):
    """An Excel file that cannot be opened or has no such sheet; the message names the file."""


class Workbook:
    """Minimal read-only view of an .xls or .xlsx workbook: sheet names and cell values.

    Cell values are str, float/int, bool, datetime or None (empty). Use as a context manager.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            self.kind = file_kind(self.path)
        except LandingError as exc:
            raise ExcelReadError(str(exc)) from exc
        try:
            if self.kind == "xls":
                import xlrd
                self._book = xlrd.open_workbook(str(self.path), on_demand=True)
                self.sheet_names = list(self._book.sheet_names())
            elif self.kind == "xlsx":
                import openpyxl
                self._book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
                self.sheet_names = list(self._book.sheetnames)
            else:
                raise ExcelReadError(f"{self.path.name}: not an Excel workbook (neither .xls nor "
                                     f".xlsx content) [file: {self.path}]")
        except ExcelReadError:
            raise
        except Exception as exc:  # xlrd.XLRDError, zipfile.BadZipFile, KeyError, OSError ...
            raise ExcelReadError(f"{self.path.name}: cannot read as {self.kind} workbook: "
                                 f"{type(exc).__name__}: {exc} [file: {self.path}]") from exc

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        book = getattr(self, "_book", None)
        if book is None:
            return
        if self.kind == "xls":
            book.release_resources()
        else:
            book.close()
        self._book = None

    def sheet_name(self, sheet: int | str) -> str:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(self.sheet_names):
                raise ExcelReadError(f"{self.path.name}: no sheet number {sheet}; sheets are "
                                     f"{self.sheet_names} [file: {self.path}]")
            return self.sheet_names[sheet]
        if sheet not in self.sheet_names:
            raise ExcelReadError(f"{self.path.name}: no sheet {sheet!r}; sheets are "
                                 f"{self.sheet_names} [file: {self.path}]")
        return sheet

    def rows(self, sheet: int | str) -> list[list]:
        """All rows of a sheet (row i of the list = sheet row i+1), trailing empty cells trimmed."""
        name = self.sheet_name(sheet)
        out: list[list] = []
        if self.kind == "xls":
            import xlrd
            sh = self._book.sheet_by_name(name)
            for r in range(sh.nrows):
                row = []
                for c in sh.row(r):
                    t, v = c.ctype, c.value
                    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        v = None
                    elif t == xlrd.XL_CELL_DATE:
                        v = xlrd.xldate_as_datetime(v, self._book.datemode)
                    elif t == xlrd.XL_CELL_BOOLEAN:
                        v = bool(v)
                    elif t == xlrd.XL_CELL_ERROR:
                        v = xlrd.error_text_from_code.get(v, "#ERR")
                    elif t == xlrd.XL_CELL_TEXT and v == "":
                        v = None
                    row.append(v)
                out.append(_trim(row))
        else:
            ws = self._book[name]
            for vals in ws.iter_rows(values_only=True):
                out.append(_trim([None if (isinstance(v, str) and v == "") else v for v in vals]))
        return out


def _trim(row: list) -> list:
    while row and row[-1] is None:
        row.pop()
    return row


def cell_text(v) -> str | None:
    """A cell as text: integral numbers without '.0', dates ISO, booleans 'true'/'false'."""
    if v is None:
        return None
    if isinstance(v, str):
        return v if v != "" else None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


def excel_to_parquet(xlsx_or_xls_path: str | os.PathLike, parquet_path: str | os.PathLike,
                     sheet: int | str = 0, header_row: int | None = None,
                     header_marker: str | None = None) -> int:
    """Transcode one Excel sheet to Parquet, every column as text; return the number of rows.

    The header is ``header_row`` (1-based), else the first row whose first non-empty cell starts
    with ``header_marker`` (for sheets under a title block, e.g. the World Bank's OGHIST
    "Data for calendar year :" row), else the first non-empty row; blank header cells
    become ``column_<n>``, duplicates get ``_2``, ``_3``. Empty rows are dropped. Added columns:
    ``_source_file`` (file name) and ``_source_row`` (1-based sheet row). Numbers become text
    without a spurious '.0' (Excel stores 2015 as 2015.0), dates become ISO text: an IFR code
    like '10-12' that Excel turned into a date therefore shows up as a date string, which the
    downstream code check rejects instead of silently accepting. Written atomically.

    Raises ExcelReadError (naming the file) if the workbook cannot be read or has no such sheet.
    """
    path = Path(xlsx_or_xls_path)
    with Workbook(path) as wb:
        rows = wb.rows(sheet)
    if header_row is None and header_marker is not None:
        header_idx = next((i for i, r in enumerate(rows)
                           if (cell_text(next((v for v in r if v is not None), None)) or "")
                           .strip().startswith(header_marker)), None)
        if header_idx is None:
            raise ExcelReadError(f"{path.name}: no row starting with {header_marker!r} in sheet "
                                 f"{sheet!r} [file: {path}]")
    elif header_row is None:
        header_idx = next((i for i, r in enumerate(rows) if any(v is not None for v in r)), None)
        if header_idx is None:
            raise ExcelReadError(f"{path.name}: sheet {sheet!r} is empty [file: {path}]")
    else:
        header_idx = header_row - 1
        if not 0 <= header_idx < len(rows):
            raise ExcelReadError(f"{path.name}: sheet {sheet!r} has {len(rows)} rows, no header "
                                 f"row {header_row} [file: {path}]")
    data = [(i + 1, r) for i, r in enumerate(rows) if i > header_idx and any(v is not None for v in r)]
    width = max([len(rows[header_idx])] + [len(r) for _, r in data])
    header = list(rows[header_idx]) + [None] * (width - len(rows[header_idx]))
    if header_row is None and header_marker is not None:  # the marker cell names its column exactly
        first = next(j for j, v in enumerate(header) if v is not None)
        header[first] = header_marker
    names: list[str] = []
    for j, h in enumerate(header):
        base = (cell_text(h) or "").strip() or f"column_{j + 1}"
        name, k = base, 1
        while name in names or name in ("_source_file", "_source_row"):
            k += 1
            name = f"{base}_{k}"
        names.append(name)
    cols = {n: [cell_text(r[j]) if j < len(r) else None for _, r in data] for j, n in enumerate(names)}
    df = pd.DataFrame(cols, dtype=object)
    df["_source_file"] = path.name
    df["_source_row"] = [i for i, _ in data]
    schema = pa.schema([pa.field(n, pa.string()) for n in names]
                       + [pa.field("_source_file", pa.string()), pa.field("_source_row", pa.int64())])
    return write_parquet(df, parquet_path, schema)
