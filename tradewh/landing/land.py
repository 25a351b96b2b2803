"""The landing step: raw directory → Parquet with provenance, an inventory, and parse errors.

For every registered raw source (`raw_sources.RAW_SOURCES`) this finds its files, checks each
file's header against the required columns (a clear error naming file and column), converts
what DuckDB cannot parse directly (Excel; GB18030 text), and writes

    $LANDING/raw/<source>/<file stem>.parquet    all columns as text + _source_file, _source_row
    $LANDING/inventory/files.parquet             one row per raw file: records, landed, errors, lines
                                                 (records = non-blank lines unless the source's
                                                 format allows multi-line records)
    $LANDING/inventory/parse_errors.parquet      lines that could not be parsed, with the reason
    $LANDING/truth/<table>.parquet               a synthetic universe's answer key (truth.py), or
                                                 empty tables: read only by the match evaluation

A source with no files gets an empty Parquet with its columns, so dbt builds (empty) staging
tables for it; `require` names the sources that must be present. Unchanged files (same size
and modification time) are not landed again.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from ..parquet import atomic_output
from .csv_files import RawFormatError, check_columns, land_csv, read_header, sql_str
from .raw_sources import RAW_SOURCES, RawSource
from .transcode import transcode_to_utf8
from .truth import land_truth

INVENTORY_COLUMNS = ["source", "source_file", "file_year", "n_records", "n_landed",
                     "n_parse_errors", "n_nonblank_lines", "multiline_records", "bytes"]
ERROR_COLUMNS = ["source", "source_file", "line", "source_row", "column_name", "error_type",
                 "error_message", "raw_line"]


def find_files(raw_dir: Path, source: RawSource) -> list[Path]:
    files: set[Path] = set()
    for pattern in source.patterns:
        files.update(p for p in raw_dir.glob(pattern) if p.is_file())
    return sorted(files)


def _file_year(source: RawSource, path: Path) -> int | None:
    import re
    if not source.year_from_name:
        return None
    m = re.search(source.year_from_name, path.name)
    return int(m.group(1)) if m else None


def _empty_parquet(con: duckdb.DuckDBPyConnection, columns: Iterable[str], out: Path) -> None:
    cols = ", ".join(f'cast(null as varchar) as "{c}"' for c in columns)
    with atomic_output(out) as tmp:
        con.execute(f"copy (select {cols}, cast(null as varchar) as _source_file, "
                    f"cast(null as bigint) as _source_row limit 0) to {sql_str(tmp)} (format parquet)")


def _land_excel(con, path: Path, rel: str, out: Path, source: RawSource) -> dict:
    """Excel: the registered sheet (``extra['excel_sheet']``, default the first) to text Parquet
    (_source_row = sheet row), then the same column contract as CSV files (required columns
    checked, absent optional ones NULL)."""
    from .excel import excel_to_parquet

    tmp = out.parent / f".{out.stem}.xl.tmp"   # not *.parquet: dbt globs never see it
    n = excel_to_parquet(path, tmp, sheet=source.extra.get("excel_sheet", 0),
                         header_marker=source.extra.get("excel_header_marker"))
    present = {d[0] for d in con.execute(f"select * from read_parquet({sql_str(tmp)}) limit 0").description}
    check_columns(path, sorted(present - {"_source_file", "_source_row"}), source.required, rel)
    absent = ", ".join(f'cast(null as varchar) as "{c}"' for c in source.columns if c not in present)
    with atomic_output(out) as final:
        con.execute(f"copy (select * exclude (_source_file, _source_row){', ' + absent if absent else ''}, "
                    f"{sql_str(rel)} as _source_file, _source_row from read_parquet({sql_str(tmp)})) "
                    f"to {sql_str(final)} (format parquet)")
    tmp.unlink()
    return {"n_records": n, "n_landed": n, "n_nonblank_lines": n, "parse_errors": []}


def _land_text(con, path: Path, rel: str, out: Path, source: RawSource):
    """A delimited text file: header spellings mapped to the registered columns, required
    columns checked, legacy encodings (GB18030) transcoded to UTF-8 on the way."""
    encoding, header = _header(path, source, rel)
    rename = source.header_map(header)
    check_columns(path, header, source.required, rel, source.aliases)
    if encoding == "utf-8":
        return land_csv(con, path, rel, out, source.columns, rename,
                        multiline_records=source.multiline_records)
    tmp = out.with_suffix(".utf8.csv")
    try:
        moved = transcode_to_utf8(path, tmp, encoding, rel)
        return land_csv(con, tmp, rel, out, source.columns, rename, moved.errors,
                        multiline_records=source.multiline_records)
    finally:
        tmp.unlink(missing_ok=True)


def _header(path: Path, source: RawSource, rel: str) -> tuple[str, list[str]]:
    """Encoding and header of a text file: the encoding expected for its year, unless only
    another one yields the required columns (e.g. a GB18030 file re-saved as UTF-8)."""
    expected = source.encoding_for(_file_year(source, path))
    headers, first_error = {}, None
    for enc in dict.fromkeys([expected, "utf-8", "gb18030"]):
        try:
            header = read_header(path, enc)
        except RawFormatError as exc:
            first_error = first_error or exc
            continue
        if set(source.required) <= set(source.header_map(header).values()):
            return enc, header
        headers[enc] = header
    if not headers:
        raise first_error
    enc = expected if expected in headers else next(iter(headers))
    return enc, headers[enc]          # check_columns names what is missing


def land_source(con, raw_dir: Path, landing_dir: Path, source: RawSource, state: dict,
                progress: Callable[[str], None]) -> tuple[list[dict], list[dict]]:
    out_dir = landing_dir / "raw" / source.name
    files = find_files(raw_dir, source)
    wanted = {f"{p.stem}.parquet" for p in files} | {"_empty.parquet"}
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.parquet"):
        if stale.name not in wanted:
            stale.unlink()
    if not files:
        _empty_parquet(con, source.columns, out_dir / "_empty.parquet")
        return [], []
    (out_dir / "_empty.parquet").unlink(missing_ok=True)
    inventory, errors = [], []
    for path in files:
        rel = path.relative_to(raw_dir).as_posix()
        out = out_dir / f"{path.stem}.parquet"
        stat = path.stat()
        key = [stat.st_size, stat.st_mtime_ns, list(source.columns),
               [[k, list(v)] for k, v in sorted(source.aliases.items())], source.multiline_records]
        cached = state.get(rel)
        if cached and cached["key"] == key and out.exists():
            inventory.append(cached["inventory"])
            errors.extend(cached["errors"])
            continue
        progress(f"landing {rel} ({stat.st_size / 1e6:.1f} MB)")
        if path.suffix.lower() in (".xlsx", ".xls"):
            landed = _land_excel(con, path, rel, out, source)
        else:
            landed = _land_text(con, path, rel, out, source).__dict__
        row = {"source": source.name, "source_file": rel, "file_year": _file_year(source, path),
               "n_records": landed["n_records"], "n_landed": landed["n_landed"],
               "n_parse_errors": len(landed["parse_errors"]),
               "n_nonblank_lines": landed["n_nonblank_lines"],
               "multiline_records": source.multiline_records, "bytes": stat.st_size}
        errs = [{"source": source.name, **e} for e in landed["parse_errors"]]
        state[rel] = {"key": key, "inventory": row, "errors": errs}
        inventory.append(row)
        errors.extend(errs)
    return inventory, errors


def land_raw(raw_dir: Path, landing_dir: Path, require: Iterable[str] = (),
             progress: Callable[[str], None] = print, only: Iterable[str] | None = None) -> pd.DataFrame:
    """Land every registered source (or ``only`` these); return the file inventory. Raises
    RawFormatError."""
    raw_dir, landing_dir = Path(raw_dir), Path(landing_dir)
    if not raw_dir.is_dir():
        raise RawFormatError(f"raw directory {raw_dir} does not exist "
                             "(set --raw-dir / TRADEWH_RAW_DIR, or run `tradewh synth`)")
    state_file = landing_dir / "inventory" / "state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    con = duckdb.connect()
    inventory, errors = [], []
    chosen = None if only is None else set(only)
    for source in RAW_SOURCES:
        if chosen is not None and source.name not in chosen:
            continue
        inv, errs = land_source(con, raw_dir, landing_dir, source, state, progress)
        if not inv and source.name in set(require):
            raise RawFormatError(
                f"required source {source.name!r} has no files in {raw_dir} "
                f"(expected {' or '.join(source.patterns)}; see docs/data-sources.md)")
        inventory += inv
        errors += errs
    known = {r["source_file"] for r in inventory}
    state = {k: v for k, v in state.items() if k in known}
    inv_df = pd.DataFrame(inventory, columns=INVENTORY_COLUMNS)
    err_df = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    _write_table(con, inv_df, landing_dir / "inventory" / "files.parquet",
                 {"file_year": "integer", "n_records": "bigint", "n_landed": "bigint",
                  "n_parse_errors": "bigint", "n_nonblank_lines": "bigint",
                  "multiline_records": "boolean", "bytes": "bigint"})
    _write_table(con, err_df, landing_dir / "inventory" / "parse_errors.parquet",
                 {"line": "bigint", "source_row": "bigint"})
    state_file.write_text(json.dumps(state, sort_keys=True))
    land_truth(raw_dir, landing_dir, progress)
    return inv_df


def _write_table(con, df: pd.DataFrame, out: Path, types: dict[str, str]) -> None:
    """Write with stable SQL types even when the frame is empty."""
    con.register("_df", df.astype(object).where(df.notna(), None) if len(df) else df)
    cols = ", ".join(f'cast("{c}" as {types.get(c, "varchar")}) as "{c}"' for c in df.columns)
    with atomic_output(out) as tmp:
        con.execute(f"copy (select {cols} from _df order by all) to {sql_str(tmp)} (format parquet)")
    con.unregister("_df")
