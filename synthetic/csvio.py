"""Fast, byte-stable CSV writing helpers (pyarrow)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv


def fixed3(x: np.ndarray) -> pa.Array:
    """Non-negative floats as text with exactly 3 decimals ("12.500"), via integer thousandths.

    pyarrow prints doubles in shortest form (and may switch to exponents); BACI writes fixed
    decimals, so format through int64 instead of relying on float printing.
    """
    m = np.rint(np.asarray(x, dtype=np.float64) * 1000.0).astype(np.int64)
    whole = pc.cast(pa.array(m // 1000), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(m % 1000), pa.string()), 3, "0")
    return pc.binary_join_element_wise(whole, frac, ".")


def write_csv(path: Path, header: list[str], table: pa.Table, quote_strings: bool,
              append: bool = False) -> None:
    """Write `table` under an unquoted header line (pyarrow would quote the header).

    quote_strings=False writes every value bare (BACI style: codes like 010121 unquoted);
    True quotes string columns (needed where names contain commas).
    """
    opts = pacsv.WriteOptions(include_header=False,
                              quoting_style="needed" if quote_strings else "none")
    with open(path, "ab" if append else "wb") as f:
        if not append:
            f.write((",".join(header) + "\n").encode("utf-8"))
        pacsv.write_csv(table, f, opts)
