"""CEPII BACI (HS96 release V202401b): yearly flow files and the two dictionaries.

China's flows come from quality_dgp; the other exporters' flows are simple noise (lognormal
values and unit values, independent across years) so the files look like a world table.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from synthetic.csvio import fixed3, write_csv
from synthetic.macro.countries import TAIWAN
from synthetic.streams import rng

RELEASE = "V202401b"
HEADER = ["t", "i", "j", "k", "v", "q"]
NA_PADDED = "         NA"        # BACI pads some missing quantities to the column width


def flows_file(year: int) -> str:
    return f"BACI_HS96_Y{year}_{RELEASE}.csv"


def other_flows(seed: int, exporter: str, n_importers: int, n_products: int, year: int,
                fill: float) -> dict:
    """A non-China exporter's flows: random cells, lognormal values and unit values."""
    r = rng(seed, "baci", exporter, year)
    idx = np.flatnonzero(r.random((n_importers, n_products)) < fill)
    n = len(idx)
    v = np.clip(np.exp(r.normal(5.0, 2.3, n)), 0.001, 1e12)
    q = v / np.exp(r.normal(np.log(5.0), 1.2, n))
    j, k = np.divmod(idx, n_products)
    return {"j": j, "k": k, "v": v, "q": q, "q_na": r.random(n) < 0.02,
            "pad": r.random(n) < 0.4}


def write_year(out: Path, year: int, blocks: list[tuple[int, np.ndarray, dict]],
               codes: np.ndarray) -> int:
    """Write one year; blocks are (exporter BACI code, importer BACI codes, flows) in
    exporter-code order, flows sorted by importer then product."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / flows_file(year)
    rows = 0
    for i, (exporter, importers, f) in enumerate(blocks):
        n = len(f["v"])
        q = pc.if_else(pa.array(f["q_na"]),
                       pa.array(np.where(f["pad"], NA_PADDED, "NA"), pa.string()),
                       fixed3(f["q"]))
        table = pa.table([pa.array(np.full(n, year)), pa.array(np.full(n, exporter)),
                          pa.array(importers[f["j"]]), pa.array(codes[f["k"]], pa.string()),
                          fixed3(f["v"]), q], names=HEADER)
        write_csv(path, HEADER, table, quote_strings=False, append=i > 0)
        rows += n
    return rows


TAIWAN_ISO3 = "S19"    # BACI's ISO3 column for 490 "Other Asia, nes"


def iso3_as_listed(iso3: np.ndarray) -> np.ndarray:
    """The ISO3 the BACI country dictionary lists for each economy (Taiwan as S19)."""
    return np.where(np.asarray(iso3) == TAIWAN, TAIWAN_ISO3, iso3)


def write_dictionaries(out: Path, countries: pd.DataFrame, products: pd.DataFrame) -> None:
    """country_codes (every economy of the universe) and product_codes (the scale's HS96)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"country_codes_{RELEASE}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country_code", "country_name", "country_iso2", "country_iso3"])
        for c in countries.itertuples():
            if c.iso3 == TAIWAN:        # as in BACI: a residual code without an ISO identity
                w.writerow([c.baci_code, "Other Asia, nes", "", TAIWAN_ISO3])
            else:
                w.writerow([c.baci_code, c.name, c.iso2, c.iso3])
    with open(out / f"product_codes_HS96_{RELEASE}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "description"])
        w.writerows(zip(products.code, products.description))
