"""Industries (CIC, both vintages, and their IFR industry) and the products firms trade.

CIC 4-digit codes come from the seed cic_concordance_2002_2011 (GB/T 4754-2002 codes until 2011,
GB/T 4754-2011 codes from 2012); the IFR industry of a code from the seed cic_ifr_industry
(longest prefix within the vintage). Products are the macro universe's HS96 codes of the same
scale (synthetic.macro.products), written as HS8 codes of each year's HS vintage: the first six
digits follow the seed hs_concordance_demo backwards (an HS96 code that became several HS2007
codes is written as one of them), the last two are national lines generated once per code.
"""
from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from synthetic import seeds
from synthetic.macro import products as macro_products
from synthetic.scales import get_scale
from synthetic.streams import rng

STRUCTURE_SEED = 2002
PICKS = 42           # pick % 7 chooses the vintage HS6 (<= 7 options), pick // 7 the national line
VINTAGES = {"H1": (2000, 2001), "H2": (2002, 2006), "H3": (2007, 2011), "H4": (2012, 2015)}
# imported inputs common to many industries (HS96 chapters), besides an industry's own chapters
INPUT_CHAPTERS = ("28", "29", "32", "39", "40", "48", "52", "54", "72", "73", "74", "76", "84",
                  "85", "90")
_UNIT_BY_CHAPTER = {"61": "件", "62": "件", "64": "双", "65": "个", "94": "件", "95": "个",
                    "42": "个", "91": "个", "86": "辆", "88": "架", "89": "艘"}
_MACHINE_HEADINGS = ("8415", "8418", "8422", "8443", "8450", "8451", "8467", "8471", "8501",
                     "8504", "8516", "8517", "8519", "8521", "8525", "8528", "9018", "9027")
_LN_PRICE = {"千克": 1.4, "件": 2.2, "双": 2.5, "个": 1.0, "台": 4.5, "辆": 8.5, "架": 13.0,
             "艘": 13.5}


def vintage_of(year: int) -> str:
    return next(v for v, (a, b) in VINTAGES.items() if a <= year <= b)


@lru_cache(maxsize=1)
def profile() -> pd.DataFrame:
    df = pd.DataFrame(list(seeds.data("cic2_profile")))
    for col in ("weight", "export_prop", "processing_prop", "foreign_prop", "patent_prop"):
        df[col] = df[col].astype(float)
    return df.set_index("cic2")


@lru_cache(maxsize=1)
def cic_codes() -> pd.DataFrame:
    """One row per GB/T 4754-2002 code: cic2, weight, 2011 targets, IFR industry."""
    conc = pd.DataFrame(list(seeds.seed("cic_concordance_2002_2011")))
    targets = conc.groupby("cic2002")["cic2011"].apply(tuple)
    df = pd.DataFrame({"cic2002": targets.index, "targets": targets.to_numpy()})
    df["cic2"] = df.cic2002.str[:2]
    prof = profile()
    df = df[df.cic2.isin(prof.index)].reset_index(drop=True)
    per = df.groupby("cic2").cic2002.transform("count")
    df["weight"] = prof.weight.reindex(df.cic2).to_numpy() / per
    df["ifr"] = [ifr_industry(c, "2002") for c in df.cic2002]
    return df


def ifr_industry(code: str, version: str) -> str:
    table = {r["cic_prefix"]: r["ifr_code"] for r in seeds.seed("cic_ifr_industry")
             if r["cic_version"] == version}
    hit = seeds.longest_prefix(code, table)
    if hit is None:
        raise ValueError(f"CIC {version} code {code} has no IFR industry in seed cic_ifr_industry")
    return hit


def _unit(code: str) -> str:
    if code[:4] in _MACHINE_HEADINGS:
        return "台"
    if code[:4] in ("8703", "8704", "8711"):
        return "辆"
    return _UNIT_BY_CHAPTER.get(code[:2], "千克")


class ProductBook:
    """The scale's HS96 products with their trade-relevant structure (fixed, not run-seeded)."""

    def __init__(self, scale: str):
        prods = macro_products.select(macro_products.universe(), get_scale(scale))
        self.hs96 = prods.code.to_numpy()
        self.chapter = prods.chapter.to_numpy()
        self.n = len(self.hs96)
        r = rng(STRUCTURE_SEED, "firm_products", scale)
        self.unit = np.array([_unit(c) for c in self.hs96], dtype=object)
        self.c = np.array([_LN_PRICE[u] for u in self.unit]) + r.normal(0, 0.7, self.n)
        self.a = r.normal(0, 0.4, self.n)                 # product quality level
        self.b = r.normal(0, 0.8, self.n)                 # product demand level
        n_lines = r.choice([1, 2, 3], size=self.n, p=[0.45, 0.35, 0.2])
        pools = [["00"], ["10", "90"], ["10", "20", "90"]]
        self.lines = [pools[k - 1] for k in n_lines]
        self.vintage_codes = self._vintage_codes()
        self.by_chapter = defaultdict(list)
        for i, ch in enumerate(self.chapter):
            self.by_chapter[ch].append(i)
        manuf = prods.manufacturing.to_numpy()
        self.manufacturing = np.flatnonzero(manuf) if manuf.any() else np.arange(self.n)

    def _vintage_codes(self) -> dict[str, list[list[str]]]:
        """vintage -> per product the HS6 codes it is written as in that vintage."""
        back = {v: defaultdict(list) for v in VINTAGES}
        for row in seeds.seed("hs_concordance_demo"):
            if row["from_nomen"] in back:
                back[row["from_nomen"]][row["to_code"]].append(row["from_code"])
        return {v: [sorted(set(back[v].get(c, []))) or [c] for c in self.hs96] for v in VINTAGES}

    def pool(self, chapters: list[str]) -> np.ndarray:
        """Products in these HS96 chapters (the manufacturing products if none is in the scale)."""
        idx = [i for ch in chapters for i in self.by_chapter.get(ch, [])]
        return np.array(sorted(idx)) if idx else self.manufacturing

    def hs8_table(self, year: int, strip_zero: bool = False) -> pa.Array:
        """HS8 text of every (product, pick % PICKS) in `year`'s vintage, row-major: a firm's
        fixed random `pick` chooses among the vintage's codes and the national lines.
        strip_zero: as stored by a numeric column (chapters 01-09 lose their leading zero)."""
        return self._hs8_table(vintage_of(year), strip_zero)

    @cache  # noqa: B019 -- one Industries object per universe; the cache lives exactly as long
    def _hs8_table(self, vintage: str, strip_zero: bool) -> pa.Array:
        codes = [six[k % len(six)] + lines[(k // 7) % len(lines)]
                 for six, lines in zip(self.vintage_codes[vintage], self.lines)
                 for k in range(PICKS)]
        return pa.array([c[1:] if strip_zero and c[0] == "0" else c for c in codes])
