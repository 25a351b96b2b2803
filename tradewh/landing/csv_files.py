"""Land one delimited text file as Parquet: every column as text, plus its provenance.

DuckDB parses the file with an explicit dialect (no sniffing surprises on a malformed file);
lines it cannot parse (too many or too few fields, bad quoting, bad encoding) are not lost:
they come back as parse errors with their line, and every landed record carries
`_source_file` and `_source_row` (1-based data record number, header excluded, blank lines
skipped; file line = row + 1 when the file has no blank lines or multi-line quoted fields).
Only sources registered with `multiline_records` may have multi-line quoted fields; in every
other format a record is one line, and a stray quote that would merge lines is rejected line
by line instead (`land_csv`), so there records = non-blank lines always.
"""
from __future__ import annotations

import bisect
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..parquet import atomic_output

DIALECT = "delim=',', quote='\"', escape='\"', header=true, all_varchar=true"
_CHUNK = 1 << 24


class RawFormatError(ValueError):
    """A raw file that cannot be landed: the message names the file and what is wrong."""


@dataclass
class LandedFile:
    n_records: int          # records DuckDB saw = landed + parse errors
    n_landed: int
    n_nonblank_lines: int   # physical non-blank lines after the header
    parse_errors: list[dict]


def sql_str(s: str | Path) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def read_header(path: Path, encoding: str = "utf-8") -> list[str]:
    """Column names of the first line, BOM and surrounding spaces removed."""
    with open(path, "rb") as f:
        first = f.readline()
    try:
        text = first.decode(encoding)
    except UnicodeDecodeError as e:
        raise RawFormatError(f"{path}: header line is not valid {encoding}: {e}") from e
    text = text.lstrip("\ufeff").rstrip("\r\n")
    if not text.strip():
        raise RawFormatError(f"{path}: empty file or blank header line")
    return [c.strip() for c in next(csv.reader(io.StringIO(text)))]


def check_columns(path: Path, header: list[str], required: tuple[str, ...], label: str,
                  aliases: dict[str, tuple[str, ...]] | None = None) -> None:
    spelled = {alt: col for col, alts in (aliases or {}).items() for alt in alts}
    have = {spelled.get(h, h) for h in header}
    missing = [c for c in required if c not in have]
    if missing:
        also = [f"{c!r} may also be spelled {' or '.join(map(repr, aliases[c]))}"
                for c in missing if aliases and aliases.get(c)]
        raise RawFormatError(
            f"{label}: missing required column(s) {', '.join(repr(c) for c in missing)} "
            f"(row 0 = header; found: {', '.join(header)})" + (f"; {'; '.join(also)}" if also else "")
        )


def count_nonblank_lines(path: Path) -> int:
    """Non-blank physical lines after the header (C-speed, chunked)."""
    total = blank = 0
    prev_last = b""
    ends_with_newline = True
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            data = prev_last + chunk
            total += chunk.count(b"\n")
            # a newline directly followed by (\r)\n starts a blank line
            blank += len(re.findall(rb"\n(?=\r?\n)", data)) - len(re.findall(rb"\n(?=\r?\n)", prev_last))
            prev_last = data[-2:]
            ends_with_newline = chunk.endswith(b"\n")
    lines = total + (0 if ends_with_newline else 1)
    return max(lines - blank - 1, 0)


def land_csv(con: duckdb.DuckDBPyConnection, path: Path, rel_name: str, out: Path,
             columns: tuple[str, ...], rename: dict[str, str] | None = None,
             prior_errors: list[dict] | None = None, multiline_records: bool = False) -> LandedFile:
    """Write `out` (Parquet): all columns of the file (header spellings renamed by `rename`),
    declared `columns` it lacks as NULL, plus provenance. `prior_errors` are lines already
    taken out of `path` (undecodable lines of a transcoded file), by their original row.

    Unless the format allows `multiline_records` (quoted line breaks), a record is one line:
    when DuckDB's record count differs from the file's non-blank line count (a stray quote
    merged lines into one record, or swallowed the rest of the file), the lines with an odd
    number of quote characters are taken out as UNBALANCED QUOTE parse errors naming file and
    line, and the rest is parsed again, so every line lands or is rejected on its own."""
    try:
        landed = _land_csv(con, path, rel_name, out, columns, rename, prior_errors)
    except duckdb.InvalidInputException as exc:
        # DuckDB's sniffer gives up on a small file whose quote never closes (no dialect fits)
        if multiline_records:
            raise RawFormatError(f"{rel_name}: DuckDB cannot read the file: {str(exc).splitlines()[0]}") from exc
        landed = None
    if landed is not None and (multiline_records or landed.n_records == landed.n_nonblank_lines):
        return landed
    tmp = out.parent / f".{out.stem}.balanced.tmp"      # not *.parquet/*.csv: no glob sees it
    try:
        unbalanced = drop_unbalanced_lines(path, tmp, rel_name, prior_errors or [])
        landed = _land_csv(con, tmp, rel_name, out, columns, rename, (prior_errors or []) + unbalanced)
    except duckdb.InvalidInputException as exc:
        raise RawFormatError(f"{rel_name}: DuckDB cannot read the file even without its lines of "
                             f"unbalanced quotes: {str(exc).splitlines()[0]}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    if landed.n_records != landed.n_nonblank_lines:
        raise RawFormatError(f"{rel_name}: {landed.n_records} records in {landed.n_nonblank_lines} "
                             "non-blank lines, though a record of this format is one line")
    return landed


def drop_unbalanced_lines(path: Path, dest: Path, rel_name: str, prior_errors: list[dict]) -> list[dict]:
    """Copy `path` to `dest` without blank lines and without the lines holding an odd number of
    quote characters (with quote = escape = '"', a record on one line holds them in pairs);
    return those lines as parse errors, by their row in the original file (`prior_errors` are
    rows already taken out of `path`)."""
    removed = sorted(e["source_row"] for e in prior_errors)
    errors, row = [], 0
    with open(path, "rb") as f, open(dest, "wb") as g:
        header = f.readline()
        g.write(header)
        names = next(csv.reader([header.decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")]))
        for physical, raw in enumerate(f, start=2):       # streamed: memory stays at one line
            if not raw.strip():
                continue
            row += 1
            if raw.count(b'"') % 2 == 0:
                g.write(raw if raw.endswith(b"\n") else raw + b"\n")
                continue
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            first = text.index('"')
            field = len(next(csv.reader([text[:first]]))) - 1 if first else 0
            original = _original_row(row, removed)
            line = physical + (original - row)    # lines taken out before (undecodable) came first
            errors.append({
                "source_file": rel_name, "line": line, "source_row": original,
                "column_name": names[field] if field < len(names) else f"column_{field + 1}",
                "error_type": "UNBALANCED QUOTE",
                "error_message": f"{rel_name}, line {line}: unbalanced quote (odd number of '\"'); "
                                 "a record of this format is one line, so the line is rejected, "
                                 "not joined to the next",
                "raw_line": text})
    return errors


def _land_csv(con: duckdb.DuckDBPyConnection, path: Path, rel_name: str, out: Path,
              columns: tuple[str, ...], rename: dict[str, str] | None = None,
              prior_errors: list[dict] | None = None) -> LandedFile:
    src = sql_str(path)
    scan = f"read_csv({src}, {DIALECT}, ignore_errors=true"
    con.execute("drop table if exists _rej; drop table if exists _scan")
    n_records_ok = con.execute(
        f"select count(*) from {scan}, store_rejects=true, rejects_table='_rej', rejects_scan='_scan')"
    ).fetchall()[0][0]  # fetchall: the rejects tables exist only once the scan is fully consumed
    errors = con.execute(
        "select line, column_name, cast(error_type as varchar), error_message, csv_line "
        "from _rej order by line"
    ).fetchall()
    # every column of the file, plus NULL for declared columns this file lacks (older vintages)
    rename = rename or {}
    present = [d[0] for d in con.execute(f"select * from {scan}) limit 0").description]
    names = [rename.get(c, c) for c in present]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RawFormatError(f"{rel_name}: column(s) {', '.join(map(repr, twice))} appear under "
                             f"more than one header spelling (found: {', '.join(present)})")
    absent = [c for c in columns if c not in names]
    select_cols = ", ".join([f'"{c}" as "{n}"' for c, n in zip(present, names)]
                            + [f'cast(null as varchar) as "{c}"' for c in absent])
    prior = prior_errors or []
    removed = sorted(e["source_row"] for e in prior)
    # DuckDB numbers the lines of `path`; map them back to rows of the original file
    parsed = [_original_row(int(e[0]) - 1, removed) for e in errors]
    err_rows = sorted(removed + parsed)
    con.execute("create or replace temp table _err_rows(data_row bigint, k bigint)")
    if err_rows:
        con.executemany("insert into _err_rows values (?, ?)", [(r, i + 1) for i, r in enumerate(err_rows)])
    row = "p._idx + (select count(*) from _err_rows e where e.data_row - e.k < p._idx)" \
        if err_rows else "p._idx"
    with atomic_output(out) as tmp:
        con.execute(f"""
            copy (
              with p as (select {select_cols}, row_number() over () as _idx from {scan}))
              select p.* exclude (_idx), {sql_str(rel_name)} as _source_file, {row} as _source_row
              from p order by _source_row
            ) to {sql_str(tmp)} (format parquet, compression zstd)
        """)
    parse_errors = prior + [
        {"source_file": rel_name, "line": r + 1, "source_row": r,
         "column_name": col, "error_type": etype, "error_message": msg, "raw_line": raw}
        for r, (_line, col, etype, msg, raw) in zip(parsed, errors)
    ]
    parse_errors.sort(key=lambda e: e["source_row"])
    return LandedFile(n_records=n_records_ok + len(parse_errors), n_landed=n_records_ok,
                      n_nonblank_lines=count_nonblank_lines(path) + len(prior),
                      parse_errors=parse_errors)


def _original_row(row: int, removed: list[int]) -> int:
    """Row number in the original file of data row `row` of a copy without the sorted
    `removed` rows: the row-th row that was not removed."""
    shifted = [r - k for k, r in enumerate(removed, start=1)]    # non-decreasing
    return row + bisect.bisect_left(shifted, row)
