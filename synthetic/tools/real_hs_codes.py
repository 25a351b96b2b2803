"""Derive the synthetic universe's real HS1996 codes and their real vintage links.

    python -m synthetic.tools.real_hs_codes --reference-dir DIR

DIR holds the official UN files (the layout TRADEWH_REFERENCE_DIR expects: un_hs_conversion/
with the HS2002 ... HS2022 to HS1996 correlation tables). Writes two small files, codes only:

* synthetic/data/hs96_real_codes.csv -- ~1,000 real HS1996 codes, stratified over chapters in
  proportion to the chapters' real sizes (fixed seed), always including one code under every
  prefix the product seeds and generators name, and products.EXAMPLES (real splits/merges). Every
  code is a target of every vintage's table (HS2002 ... HS2022), so it has real successors.
* dbt_project/seeds/hs_concordance_demo.csv -- for H2..H5, every official link whose HS1996
  code is in the list and *changed* in that vintage (it receives another code, or its own code
  goes elsewhere too). Unchanged codes are left out: the demo rule reads them as identity, as
  the official tables do (code -> itself). So the seed and the official tables give the same
  HS1996 codes for every synthetic line.

The official files are read here only (never copied); re-run only when the tables change.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.macro.products import EXAMPLES
from synthetic.seeds import DATA_DIR, SEEDS_DIR
from tradewh.landing.un_tables import read_un_hs_conversion

SIZE = 1000
SELECT_SEED = 1996
LINK_VINTAGES = ("H2", "H3", "H4", "H5")     # customs use H1..H4, tariffs H3..H5
ALL_VINTAGES = ("H2", "H3", "H4", "H5", "H6")
# prefix columns of the seeds that classify HS96 products (each prefix needs a product)
PREFIX_SEEDS = {"hs96_ifr_industry": "hs_prefix", "hs96_lall_demo": "hs_prefix",
                "hs96_bec_demo": "hs_prefix", "digital_products": "hs_prefix",
                "digital_import_exclusions": "hs_prefix", "oecd_ict_goods": "hs6",
                "hs_heading_names_zh": "hs4"}
NOTE = ("Real links of the UN HS{vintage} to HS1996 correlation tables for the synthetic "
        "universe's codes (synthetic/tools/real_hs_codes.py); codes not listed are unchanged")


def load_links(reference_dir: Path) -> pd.DataFrame:
    files = sorted((reference_dir / "un_hs_conversion").glob("*.xls*"))
    links = pd.concat([read_un_hs_conversion(f) for f in files], ignore_index=True)
    links = links[links.to_code.notna()]
    assert set(links.from_nomen) == set(ALL_VINTAGES), sorted(set(links.from_nomen))
    return links[["from_nomen", "from_code", "to_code", "relationship"]].drop_duplicates()


def prefixes() -> list[str]:
    from synthetic.firms.industries import _MACHINE_HEADINGS
    out = set(_MACHINE_HEADINGS)
    for name, col in PREFIX_SEEDS.items():
        with open(SEEDS_DIR / f"{name}.csv", newline="", encoding="utf-8") as f:
            out |= {r[col] for r in csv.DictReader(f)}
    return sorted(out)


def choose_codes(links: pd.DataFrame) -> list[str]:
    real = sorted(set.intersection(*(set(g.to_code) for _, g in links.groupby("from_nomen"))))
    codes = pd.Series(real)
    r = np.random.default_rng(SELECT_SEED)
    keep = set(EXAMPLES)
    for p in prefixes():
        under = codes[codes.str.startswith(p)]
        if len(under) and not under.isin(keep).any():
            keep.add(under.iloc[r.integers(len(under))])
    for _, g in codes.groupby(codes.str[:2]):     # chapters in proportion to their real size
        quota = max(1, round(SIZE * len(g) / len(codes)))
        rest = g[~g.isin(keep)].to_numpy()
        need = quota - int(g.isin(keep).sum())
        if need > 0:
            keep |= set(r.choice(rest, size=min(need, len(rest)), replace=False))
    return sorted(keep)


def changed_links(links: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    lk = links[links.from_nomen.isin(LINK_VINTAGES)]
    n_to = lk.groupby(["from_nomen", "from_code"]).to_code.transform("nunique")
    n_from = lk.groupby(["from_nomen", "to_code"]).from_code.transform("nunique")
    identity = (n_to == 1) & (n_from == 1) & (lk.from_code == lk.to_code)
    changed = lk[~identity & lk.to_code.isin(codes)]
    out = changed.sort_values(["from_nomen", "from_code", "to_code"]).reset_index(drop=True)
    out["note"] = ""
    first = ~out.from_nomen.duplicated()
    year = {"H2": "2002", "H3": "2007", "H4": "2012", "H5": "2017"}
    out.loc[first, "note"] = [NOTE.format(vintage=year[v]) for v in out.from_nomen[first]]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference-dir", type=Path, required=True)
    args = ap.parse_args(argv)
    links = load_links(args.reference_dir)
    codes = choose_codes(links)
    pd.DataFrame({"code": codes}).to_csv(DATA_DIR / "hs96_real_codes.csv", index=False)
    conc = changed_links(links, codes)
    conc.to_csv(SEEDS_DIR / "hs_concordance_demo.csv", index=False)
    print(f"{len(codes)} codes, {conc.to_code.nunique()} changed in some vintage, "
          f"{len(conc)} links: {conc.from_nomen.value_counts().sort_index().to_dict()}")


if __name__ == "__main__":
    main()
