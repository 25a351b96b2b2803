"""The project's one way to write a Parquet file: to a temporary file beside the target, then
renamed over it, so a reader (dbt, a notebook) never sees half a file and a killed writer
leaves the previous version in place.

``write_parquet`` writes an Arrow table or a pandas frame; ``atomic_output`` gives the
temporary path to writers that produce the file themselves (DuckDB ``COPY ... TO``)."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over ``path``,
    on failure delete it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_parquet(data: pd.DataFrame | pa.Table, path: str | os.PathLike, schema: pa.Schema | None = None,
                  compression: str = "snappy") -> int:
    """Write a frame or Arrow table atomically; returns the number of rows. Without a schema,
    pandas' large strings are written as plain strings; schema metadata (pandas index info)
    is dropped so the same data always gives the same bytes."""
    if isinstance(data, pd.DataFrame):
        table = pa.Table.from_pandas(data, schema=schema, preserve_index=False)
    else:
        table = data if schema is None else data.cast(schema)
    if schema is None:
        table = table.cast(pa.schema([
            pa.field(f.name, pa.string()) if pa.types.is_large_string(f.type) else f for f in table.schema]))
    table = table.replace_schema_metadata(None)
    with atomic_output(path) as tmp:
        pq.write_table(table, tmp, compression=compression)
    return table.num_rows
