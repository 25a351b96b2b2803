"""Landing step for the official reference files: UN concordances, Broda-Weinstein sigmas, Comtrade lists.

``land_reference_dir(reference_dir, landing_dir)`` reads a directory laid out like
``../shared/reference`` (never copied into the project) and writes tidy Parquet for dbt::

    landing_dir/reference/hs_to_hs96.parquet   UN HS2002..HS2022 -> HS1996 links (correlation sheets)
    landing_dir/reference/hs_bec.parquet       UN HS6 -> BEC Rev.4 links (all vintages)
    landing_dir/reference/hs_sitc2.parquet     UN HS2012 -> SITC Rev.2 links
    landing_dir/reference/bw_sigma.parquet     Broda-Weinstein sigma by country x HS3
    landing_dir/reference/hs96_codes.parquet   Comtrade HS1996 code list (2/4/6 digit)
    landing_dir/reference/bec_codes.parquet    Comtrade BEC code list (1/2/3 digit)
    landing_dir/reference/coverage.parquet     one row per source file: link/code counts

All codes are text with their leading zeros. Every file is read before anything is written;
each Parquet file is written to a temp file and renamed. A missing or empty subfolder is
skipped (reported, and a stale Parquet from an earlier run is removed so the landing
directory always mirrors the reference directory). An unrecognised layout raises
ReferenceFormatError naming file, sheet, expected and found header.

The readers live in small modules (un_tables, stata, comtrade) and are re-exported here.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..parquet import write_parquet
from .common import LandingError, ReferenceFormatError
from .comtrade import read_comtrade_classification
from .excel import ExcelReadError, excel_to_parquet
from .stata import read_bw_sigmas
from .un_tables import name_nomens, read_un_hs_bec, read_un_hs_conversion, read_un_hs_sitc2

log = logging.getLogger(__name__)

_S, _I = pa.string(), pa.int64()
SCHEMAS: dict[str, pa.Schema] = {
    "hs_to_hs96": pa.schema([("from_nomen", _S), ("from_code", _S), ("to_nomen", _S), ("to_code", _S),
                             ("relationship", _S), ("source_file", _S), ("source_sheet", _S),
                             ("source_row", _I)]),
    "hs_bec": pa.schema([("hs_nomen", _S), ("hs6", _S), ("bec", _S), ("relationship", _S),
                         ("source_file", _S), ("source_row", _I)]),
    "hs_sitc2": pa.schema([("hs_nomen", _S), ("hs6", _S), ("sitc2", _S), ("sitc2_3digit", _S),
                           ("relationship", _S), ("source_file", _S), ("source_sheet", _S),
                           ("source_row", _I)]),
    "bw_sigma": pa.schema([("ccode", _I), ("cname", _S), ("hs3", _S), ("sigma", pa.float64()),
                           ("source_file", _S)]),
}
SCHEMAS["hs96_codes"] = SCHEMAS["bec_codes"] = pa.schema(
    [("code", _S), ("description", _S), ("parent", _S), ("level", _I), ("is_legacy", pa.bool_()),
     ("classification", _S), ("source_file", _S)])

COVERAGE_COUNTS = ("n_links", "n_from_codes", "n_to_codes", "n_one_to_one", "n_split", "n_merged",
                   "n_many_to_many", "n_unmapped_from", "n_codes_lost_leading_zero",
                   # audit columns beyond the core set:
                   "n_unmapped_to", "n_from_only_in_conversion_sheet",
                   "n_conversion_links_not_in_correlation", "n_relationship_computed",
                   "n_relationship_differs", "n_from_carried_down", "n_trailing_notes",
                   "n_duplicate_links", "n_pseudo_rows_dropped")
SCHEMAS["coverage"] = pa.schema([("table", _S), ("source_file", _S), ("from_nomen", _S), ("to_nomen", _S)]
                                + [(c, _I) for c in COVERAGE_COUNTS])

TABLE_ORDER = ("hs_to_hs96", "hs_bec", "hs_sitc2", "bw_sigma", "hs96_codes", "bec_codes")
_FOLDER_OF = {"hs_to_hs96": "un_hs_conversion", "hs_bec": "un_hs_bec", "hs_sitc2": "un_hs_sitc",
              "bw_sigma": "elasticities", "hs96_codes": "nomenclature", "bec_codes": "nomenclature"}

SORT_KEYS = {
    "hs_to_hs96": ["from_nomen", "from_code", "to_code", "source_sheet", "source_row"],
    "hs_bec": ["hs_nomen", "hs6", "bec", "source_row"],
    "hs_sitc2": ["hs_nomen", "hs6", "sitc2", "source_sheet", "source_row"],
    "bw_sigma": ["ccode", "hs3"],
    "hs96_codes": ["code"],
    "bec_codes": ["code"],
}


def link_coverage(df: pd.DataFrame, table: str, from_col: str, to_col: str,
                  from_nomen: str, to_nomen: str) -> dict:
    """Counts for one file's links: from-codes split over >1 target, targets merging >1 from-code,
    from-codes in a 1:1 link (by multiplicity), links labelled n:n (as published)."""
    linked = df[df[to_col].notna()]
    n_targets = linked.groupby(from_col)[to_col].nunique()
    n_sources = linked.groupby(to_col)[from_col].nunique()
    single = n_targets[n_targets == 1].index
    one_to_one = linked[linked[from_col].isin(single)
                        & linked[to_col].map(n_sources).eq(1)][from_col].nunique()
    st = df.attrs.get("landing", {})
    row = {"table": table, "source_file": str(df["source_file"].iloc[0]),
           "from_nomen": from_nomen, "to_nomen": to_nomen,
           "n_links": len(linked), "n_from_codes": df[from_col].nunique(),
           "n_to_codes": linked[to_col].nunique(), "n_one_to_one": one_to_one,
           "n_split": int((n_targets > 1).sum()), "n_merged": int((n_sources > 1).sum()),
           "n_many_to_many": int((df["relationship"] == "n:n").sum())}
    for k in COVERAGE_COUNTS:
        row.setdefault(k, st.get(k))
    return row


XL, CSV = ("*.xls", "*.xlsx"), ("*.csv", "*.CSV")


def _files(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pat in patterns for p in folder.glob(pat)
             if p.is_file() and not p.name.startswith((".", "~$"))}
    return sorted(found)


def _read_all(ref: Path) -> tuple[dict[str, list[pd.DataFrame]], list[dict], list[str]]:
    frames: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLE_ORDER}
    cov: list[dict] = []
    skipped: list[str] = []

    def folder(name: str, patterns: tuple[str, ...]) -> Path | None:
        p = ref / name
        if not p.is_dir():
            skipped.append(f"{name}/: folder missing")
            return None
        known = set(_files(p, patterns))
        skipped.extend(f"{name}/{q.name}: not a {'/'.join(patterns)} file"
                       for q in _files(p, ("*",)) if q not in known)
        return p

    if (d := folder("un_hs_conversion", XL)) is not None:
        for f in _files(d, XL):
            nm = name_nomens(f)
            if nm is not None and nm[1] != "H1":
                skipped.append(f"un_hs_conversion/{f.name}: target {nm[1]} is not HS1996 (H1)")
                continue
            df = read_un_hs_conversion(f)
            if df["to_nomen"].iloc[0] != "H1":
                skipped.append(f"un_hs_conversion/{f.name}: target {df['to_nomen'].iloc[0]} is not H1")
                continue
            frames["hs_to_hs96"].append(df)
            cov.append(link_coverage(df, "hs_to_hs96", "from_code", "to_code",
                                     df["from_nomen"].iloc[0], "H1"))
    if (d := folder("un_hs_bec", CSV)) is not None:
        for f in _files(d, CSV):
            df = read_un_hs_bec(f)
            frames["hs_bec"].append(df)
            cov.append(link_coverage(df, "hs_bec", "hs6", "bec", df["hs_nomen"].iloc[0], "BEC"))
    if (d := folder("un_hs_sitc", XL)) is not None:
        for f in _files(d, XL):
            nm = name_nomens(f)
            if nm is not None and nm[1] != "S2":
                skipped.append(f"un_hs_sitc/{f.name}: target {nm[1]} is not SITC Rev.2 (S2)")
                continue
            df = read_un_hs_sitc2(f)
            frames["hs_sitc2"].append(df)
            cov.append(link_coverage(df, "hs_sitc2", "hs6", "sitc2", df["hs_nomen"].iloc[0], "S2"))
    if (d := folder("elasticities", ("*.dta",))) is not None:
        for f in _files(d, ("*.dta",)):
            df = read_bw_sigmas(f)
            frames["bw_sigma"].append(df)
            cov.append({"table": "bw_sigma", "source_file": f.name, "from_nomen": None, "to_nomen": None,
                        "n_links": len(df), "n_from_codes": df["hs3"].nunique(),
                        "n_to_codes": df["ccode"].nunique(),
                        "n_codes_lost_leading_zero": df.attrs["landing"]["n_codes_lost_leading_zero"]})
    if (d := folder("nomenclature", ("*.json",))) is not None:
        for table, fname in (("hs96_codes", "classificationH1.json"), ("bec_codes", "classificationBEC.json")):
            f = d / fname
            if not f.is_file():
                skipped.append(f"nomenclature/{fname}: file missing")
                continue
            df = read_comtrade_classification(f)
            frames[table].append(df)
            cov.append({"table": table, "source_file": f.name, "from_nomen": df["classification"].iloc[0],
                        "to_nomen": None, "n_from_codes": len(df), "n_codes_lost_leading_zero": 0,
                        "n_pseudo_rows_dropped": df.attrs["landing"]["n_pseudo_rows_dropped"]})
        extra = sorted(p.name for p in _files(d, ("*.json",))
                       if p.name not in ("classificationH1.json", "classificationBEC.json"))
        skipped += [f"nomenclature/{n}: not a list tradewh uses" for n in extra]
    return frames, cov, skipped


def land_reference_dir(reference_dir: str | os.PathLike, landing_dir: str | os.PathLike) -> dict:
    """Transcode every recognised reference file into ``landing_dir/reference/*.parquet``.

    Returns ``{"written": {table: rows}, "skipped": [reason, ...], "coverage": DataFrame}``;
    ``written`` includes ``"coverage"`` (always written, one row per source file). Tables with no
    source file are not written (their stale Parquet, if any, is removed) and listed in
    ``skipped``.
    """
    ref = Path(reference_dir).expanduser()
    if not ref.is_dir():
        raise LandingError(f"reference directory not found: {ref}")
    out_dir = Path(landing_dir).expanduser() / "reference"
    frames, cov_rows, skipped = _read_all(ref)

    written: dict[str, int] = {}
    for table in TABLE_ORDER:
        target = out_dir / f"{table}.parquet"
        if not frames[table]:
            if f"{_FOLDER_OF[table]}/: folder missing" not in skipped:
                skipped.append(f"{table}: no source file")
            if target.exists():
                target.unlink()
                log.info("removed stale %s", target)
            continue
        df = pd.concat(frames[table], ignore_index=True)
        df = df.sort_values(SORT_KEYS[table], na_position="last", kind="stable").reset_index(drop=True)
        written[table] = write_parquet(df, target, SCHEMAS[table])
    cov = pd.DataFrame(cov_rows, columns=[f.name for f in SCHEMAS["coverage"]])
    for c in COVERAGE_COUNTS:
        cov[c] = cov[c].astype("Int64")
    cov = cov.sort_values(["table", "source_file"], kind="stable").reset_index(drop=True)
    written["coverage"] = write_parquet(cov, out_dir / "coverage.parquet", SCHEMAS["coverage"])
    for s in skipped:
        log.warning("reference landing skipped %s", s)
    return {"written": written, "skipped": skipped, "coverage": cov}


__all__ = ["land_reference_dir", "read_un_hs_conversion", "read_un_hs_bec", "read_un_hs_sitc2",
           "read_bw_sigmas", "read_comtrade_classification", "excel_to_parquet", "link_coverage",
           "ReferenceFormatError", "ExcelReadError", "LandingError", "SCHEMAS"]
