"""`tradewh sql`: run a query (or an interactive prompt) on the warehouse, read-only.

The DuckDB CLI on the package registries is 1.x and cannot read DuckDB 2.0 files, so the
project ships this small shell on the Python duckdb 2.0 it already depends on."""
from __future__ import annotations

import sys

import duckdb

from tradewh.settings import Paths
from tradewh.warehouse import connect_read_only

HELP = """Queries end with ';'. Commands: .tables  .schema <table>  .quit
Schemas: staging, intermediate, marts (dim_*, fct_*, idx_*, panel_*, rpt_*, estimates), seeds."""


def _show(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    rel = con.sql(sql)
    if rel is not None:
        rel.show(max_rows=40, max_width=160)


def run_sql(paths: Paths, query: str | None) -> int:
    if not paths.warehouse.exists():
        print(f"error: no warehouse at {paths.warehouse} (run `tradewh build`)", file=sys.stderr)
        return 2

    con = connect_read_only(paths)
    if query:
        try:
            _show(con, query)
        except duckdb.Error as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        return 0
    print(f"tradewh sql on {paths.warehouse} (read-only)\n{HELP}")
    buf: list[str] = []
    while True:
        try:
            line = input("tradewh> " if not buf else "     ..> ")
        except EOFError:
            print()
            return 0
        stripped = line.strip()
        if not buf and stripped in (".quit", ".exit"):
            return 0
        if not buf and stripped == ".tables":
            stripped = ("select table_schema || '.' || table_name as name, table_type from "
                        "information_schema.tables order by 1;")
        elif not buf and stripped.startswith(".schema"):
            stripped = f"describe {stripped.split(maxsplit=1)[1]};" if " " in stripped else ".help"
        if not buf and stripped == ".help":
            print(HELP)
            continue
        buf.append(stripped)
        if stripped.endswith(";"):
            sql, buf = "\n".join(buf), []
            try:
                _show(con, sql)
            except duckdb.Error as e:
                print(f"error: {e}")
