"""The answer key of a synthetic universe, landed for the matching evaluation only.

`tradewh synth` writes `truth_firms/` and `truth_records/` beside `truth.json` (every record's
true firm). They are optional raw inputs: when present, their columns that the evaluation
needs are landed as text Parquet under `$TRADEWH_LANDING_DIR/truth/<table>.parquet`; when
absent (real data), an empty table with the same columns is written, so the dbt sources stay
valid and `rpt_match_truth` is empty instead of failing.

No matching model reads these tables: only the `truth` staging views and the evaluation
models (`int_firm__truth_*`, `rpt_match_truth`, `rpt_firm_intermediaries`) do, and a test
checks that in the dbt manifest.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb

from .csv_files import sql_str

# table -> (file under the raw directory, columns landed)
TRUTH_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "firms": ("truth_firms/firms.csv", (
        "firm_uid", "kind", "customs_code", "legal_code_first", "legal_code_second",
        "legal_code_change_year", "name_first", "name_second", "rename_year", "english_name",
        "intermediary_name_has_akw_keyword", "producer_named_gongmao", "pit_year", "pdo_year",
        "icp_year")),
    "firm_years": ("truth_firms/firm_years.csv", (
        "year", "firm_uid", "kind", "survey_legal_code", "survey_name", "customs_code",
        "customs_name", "in_survey", "exporter")),
    "patents": ("truth_records/patents.csv", (
        "application_number", "application_year", "applicant_firm_uids", "applicant_kinds",
        "source_file", "source_row")),
    "platform_members": ("truth_records/platform_members.csv", (
        "list", "company_name", "firm_uid", "member_since_year", "source_file", "source_row")),
    "websites": ("truth_records/websites.csv", (
        "list", "domain", "firm_uid", "site", "organiser_name", "filing_date",
        "whois_creation_date", "source_file", "source_row")),
    "registry_records": ("truth_records/registry_records.csv", (
        "list", "record_key", "name_written", "firm_uid", "industry", "source_file", "source_row")),
}


def _columns_of(con, path: Path) -> set[str]:
    rel = con.execute(f"select * from read_csv({sql_str(path)}, all_varchar = true, header = true) limit 0")
    return {d[0] for d in rel.description}


def land_truth(raw_dir: Path, landing_dir: Path, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Land every truth table (or an empty one); returns rows landed per table."""
    out_dir = Path(landing_dir) / "truth"
    out_dir.mkdir(parents=True, exist_ok=True)
    state_file = out_dir / "state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    con = duckdb.connect()
    rows: dict[str, int] = {}
    for table, (rel, columns) in TRUTH_TABLES.items():
        src, out = Path(raw_dir) / rel, out_dir / f"{table}.parquet"
        present = src.is_file() and src.stat().st_size > 0
        key = [str(src), src.stat().st_size, src.stat().st_mtime_ns] if present else None
        if key is not None and state.get(table, {}).get("key") == key and out.exists():
            rows[table] = state[table]["rows"]
            continue
        if present:
            progress(f"landing the answer key {rel} (evaluation only)")
            have = _columns_of(con, src)
            cols = ", ".join(f'"{c}"' if c in have else f'cast(null as varchar) as "{c}"' for c in columns)
            query = f"select {cols} from read_csv({sql_str(src)}, all_varchar = true, header = true)"
        else:
            cols = ", ".join(f'cast(null as varchar) as "{c}"' for c in columns)
            query = f"select {cols} limit 0"
        tmp = out.with_suffix(".parquet.tmp")
        con.execute(f"copy ({query}) to {sql_str(tmp)} (format parquet)")
        tmp.replace(out)
        n = con.execute(f"select count(*) from read_parquet({sql_str(out)})").fetchone()[0]
        rows[table] = n
        state[table] = {"key": key, "rows": n}
    state_file.write_text(json.dumps(state, sort_keys=True))
    con.close()
    return rows
