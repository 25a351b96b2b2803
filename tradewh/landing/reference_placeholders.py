"""Reference tables for dbt: the official files when a reference directory is set, else empty
tables with the same columns (dbt then falls back to the project's demo seeds).

Empty placeholders keep the dbt sources valid in both cases and clear stale official tables
when the reference directory is unset between runs."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from ..parquet import write_parquet
from .reference import SCHEMAS


def write_empty(out: Path, schema: pa.Schema) -> None:
    write_parquet(schema.empty_table(), out)


def land_reference(reference_dir: Path | None, landing_dir: Path,
                   progress: Callable[[str], None] = print) -> dict:
    out_dir = Path(landing_dir) / "reference"
    report: dict = {"written": {}, "skipped": list(SCHEMAS)}
    if reference_dir is not None:
        if not Path(reference_dir).is_dir():
            raise FileNotFoundError(f"reference directory {reference_dir} does not exist "
                                    "(TRADEWH_REFERENCE_DIR / --reference-dir)")
        from .reference import land_reference_dir

        progress(f"landing reference tables from {reference_dir}")
        report = land_reference_dir(reference_dir, landing_dir)
    for name, schema in SCHEMAS.items():
        if name not in report.get("written", {}):
            write_empty(out_dir / f"{name}.parquet", schema)
    return report
