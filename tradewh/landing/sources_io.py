"""Input-output tables (docs/data-sources.md, "Input-output tables"): the NBS basic flow table
(投入产出基本流量表), one file per benchmark year, sectors as rows and as columns."""
from __future__ import annotations

from .source_spec import RawSource

IO_FINAL_COLUMNS = ("TIU", "TFU", "EX", "IM", "ERR", "TO")

IO_SOURCES: tuple[RawSource, ...] = (
    RawSource(
        name="io_tables", staged="stg_io__table_rows",
        patterns=("io/io_table_*.csv", "io/io_table_*.CSV"),
        required=("代码", "部门名称"), optional=IO_FINAL_COLUMNS,
        aliases={"代码": ("部门代码", "code"), "部门名称": ("部门", "sector")},
        description="NBS input-output basic flow table (万元), sectors x sectors plus final use and "
                    "value added, one file per table year; sector columns named by their codes",
        year_from_name=r"_(\d{4})\.",
    ),
)
