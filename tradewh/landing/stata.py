"""Broda & Weinstein (2006) import demand elasticities (Stata .dta, as shipped in R `concordance`)."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

from .common import CodeStats, ReferenceFormatError

BW_COLUMNS = ("ccode", "cname", "hs_3digit", "sigma")


def read_bw_sigmas(path: str | os.PathLike) -> pd.DataFrame:
    """`Sigmas73countries_9403_HS3digit.dta` -> columns ccode (Int64), cname, hs3, sigma, source_file.

    ``hs_3digit`` is a float32 (variable label '(mean) hts3') that lost its leading zero
    (10.0 = HS3 '010'); it becomes 3-char zero-padded text ``hs3``. ``sigma`` is float32 in the
    file and returned as float64 (values are not rounded: 3.428595066070556... for China's median).
    Sigmas are returned as published: they include extreme values (max about 16,808; China max
    about 108), so cap or fall back downstream. Rows sorted by ccode, hs3.
    ``DataFrame.attrs['landing']['n_codes_lost_leading_zero']`` = distinct HS3 codes re-padded.
    """
    path = Path(path)
    try:
        with pd.io.stata.StataReader(path) as rdr:
            df = rdr.read(convert_categoricals=False)
    except Exception as exc:
        raise ReferenceFormatError(path, "(dta)", f"cannot read as a Stata file: "
                                                  f"{type(exc).__name__}: {exc}") from exc
    missing = [c for c in BW_COLUMNS if c not in df.columns]
    if missing:
        raise ReferenceFormatError(path, "(dta)", f"expected columns {list(BW_COLUMNS)}; "
                                                  f"found {list(df.columns)}")
    stats = CodeStats()

    def hs3(v) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or float(v) != int(v) \
                or not 0 < int(v) < 1000:
            raise ReferenceFormatError(path, "(dta)", f"hs_3digit value {v!r} is not a 1-3 digit code")
        s = f"{int(v):03d}"
        if int(v) < 100:
            stats.repadded.add(("hs3", s))
        return s

    if df[["ccode", "sigma"]].isna().any().any():
        raise ReferenceFormatError(path, "(dta)", "missing ccode or sigma values")
    out = pd.DataFrame({
        "ccode": df["ccode"].astype("float64").round().astype("Int64"),
        "cname": df["cname"].astype(str),
        "hs3": [hs3(v) for v in df["hs_3digit"].astype("float64")],
        "sigma": df["sigma"].astype("float64"),
        "source_file": path.name,
    })
    out = out.sort_values(["ccode", "hs3"], kind="stable").reset_index(drop=True)
    out.attrs["landing"] = {"n_codes_lost_leading_zero": stats.n_repadded}
    return out
