"""Writing the record sources' text files: CSV with values quoted only when they hold a comma,
a quote or a line break (as Excel and most exporters write them), built column-wise with
pyarrow compute -- pandas' writer is several times slower on millions of rows, and pyarrow's
own CSV writer quotes every string."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _text(col: pd.Series) -> pa.Array:
    """A column as text: strings as they are, numbers and booleans printed, missing = ''."""
    if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
        arr = pa.array(col.to_numpy())
    else:                                   # arrow-backed str columns convert without copying
        arr = pa.array(col, from_pandas=True)
    return pc.fill_null(arr.cast(pa.large_string()), "")


def _quoted(arr: pa.Array) -> pa.Array:
    needs = pc.or_(pc.or_(pc.match_substring(arr, ","), pc.match_substring(arr, '"')),
                   pc.match_substring(arr, "\n"))           # literal searches: faster than a regex
    q = pa.scalar('"', pa.large_string())
    wrapped = pc.binary_join_element_wise(q, pc.replace_substring(arr, '"', '""'), q, pa.scalar("", pa.large_string()))
    return pc.if_else(needs, wrapped, arr)


def csv_bytes(df: pd.DataFrame, header: bool = True) -> bytes:
    """UTF-8 CSV text of `df` (header line first when `header`), lines ending in \\n."""
    head = (",".join(map(str, df.columns)) + "\n").encode("utf-8") if header else b""
    if not len(df):
        return head
    text = lambda s: pa.scalar(s, pa.large_string())  # noqa: E731
    lines = pc.binary_join_element_wise(*[_quoted(_text(df[c])) for c in df.columns], text(","))
    lines = pc.binary_join_element_wise(lines, text(""), text("\n"))     # each line + "\n"
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    return head + lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]


def write_table(path: Path, df: pd.DataFrame, encoding: str = "utf-8") -> None:
    """`utf-8-sig` adds the byte-order mark Excel writes; `gb18030` is what Chinese Windows
    tools save."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = csv_bytes(df)
    if encoding == "utf-8-sig":
        data = b"\xef\xbb\xbf" + data
    elif encoding != "utf-8":
        data = data.decode("utf-8").encode(encoding)
    path.write_bytes(data)


def append_table(path: Path, df: pd.DataFrame, first: bool) -> None:
    """Write (first) or append rows of a truth file."""
    with open(path, "wb" if first else "ab") as f:
        f.write(csv_bytes(df, header=first))
