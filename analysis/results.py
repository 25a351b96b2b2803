"""The estimates Parquet files as a stable interface for SQL (dbt ``results`` models).

``ensure_result_placeholders`` writes empty files with the final schema for every shipped
study that has none yet, so dbt can parse and build the results models before any study ran.
Existing files are never touched.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.schema import DESCRIPTIVE_COLUMNS, ESTIMATE_COLUMNS, typed_frame
from analysis.reporting.simulation import empty_summary, sql_schema
from analysis.runner import write_parquet
from analysis.spec.parse import list_studies
from tradewh.parquet import write_parquet as write_parquet_file


def result_paths(estimates_dir: str | Path, study_id: str) -> dict[str, Path]:
    d = Path(estimates_dir)
    return {"estimates": d / f"{study_id}__estimates.parquet",
            "descriptives": d / f"{study_id}__descriptives.parquet",
            "simulation": d / f"{study_id}__simulation.parquet"}   # tradewh simulate


def ensure_result_placeholders(estimates_dir: str | Path, studies: list[str] | None = None) -> list[Path]:
    """Create schema-only Parquet files where missing; returns the files written."""
    Path(estimates_dir).mkdir(parents=True, exist_ok=True)
    written = []
    for sid in studies if studies is not None else list_studies():
        for kind, path in result_paths(estimates_dir, sid).items():
            if path.exists():
                continue
            if kind == "simulation":
                write_parquet_file(empty_summary(), path, schema=sql_schema())
            else:
                write_parquet(typed_frame([], ESTIMATE_COLUMNS if kind == "estimates" else DESCRIPTIVE_COLUMNS), path)
            written.append(path)
    return written


def read_estimates(estimates_dir: str | Path, study_id: str) -> pd.DataFrame:
    return pd.read_parquet(result_paths(estimates_dir, study_id)["estimates"])
