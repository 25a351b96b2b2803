"""Reading a panel: quoting, the one SELECT every table kind uses, and the one column check.

``fetch(sql) -> DataFrame`` is injected by the caller (a read-only DuckDB connection in the
pipeline), so analysis never knows where the warehouse lives."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.core.errors import SpecError

Fetch = Callable[[str], pd.DataFrame]


def fetch_from(con) -> Fetch:
    """A fetch function over a DuckDB connection (open it read-only in the pipeline)."""
    return lambda sql: con.sql(sql).df()


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select_sql(panel: str, columns: list[str], where: str | None) -> str:
    sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {panel}"
    return sql + (f" WHERE ({where})" if where else "")


def require_columns(panel: str, panel_columns: list[str], needed: list[str], where: str,
                    context: str = "") -> None:
    """Raise SpecError naming the spec place (``where``) when ``needed`` columns are not in the panel."""
    missing = [c for c in needed if c not in panel_columns]
    if missing:
        raise SpecError(f"{where}: {missing} are not columns of {panel}{context}")
