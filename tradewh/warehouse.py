"""Reading the warehouse: a read-only DuckDB connection whose unqualified names resolve to the
marts first (so `panel_ai_policy_quality` means `marts.panel_ai_policy_quality`)."""
from __future__ import annotations

import duckdb

from .settings import Paths

SEARCH_PATH = "marts,intermediate,staging,seeds,main"


def connect_read_only(paths: Paths) -> duckdb.DuckDBPyConnection:
    if not paths.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {paths.warehouse}: run `tradewh build` first")
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    con.execute(f"set search_path = '{SEARCH_PATH}'")
    return con
