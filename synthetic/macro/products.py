"""HS96 product universe, its IFR industry / Lall class, and the tariff concordance links.

Product codes are *structure*, like a real nomenclature: a fixed list, not drawn from the run
seed, so every run of a scale has the same products. They are ~1,000 real HS1996 six-digit
codes (synthetic/data/hs96_real_codes.csv), stratified over chapters in proportion to the
chapters' real sizes, each with real successors in HS2002 ... HS2022. Their real changes across
vintages (splits, merges, n:n regroupings) are the seed hs_concordance_demo, derived like the
list from the official UN correlation tables by synthetic/tools/real_hs_codes.py; a code the
seed does not list for a vintage is unchanged in it. Native tariff lines are therefore real
codes of their vintage, and the demo seed and the official tables map them back alike.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from synthetic import seeds
from synthetic.scales import Scale
from synthetic.streams import rng

STRUCTURE_SEED = 1996
# China has robots in these IFR industries at some point 2010-2020 (treated) or never (control)
TREATED_IFR = ("19", "20-21", "22", "23", "24", "25", "26-27", "28", "29", "30")
CONTROL_IFR = ("A-B", "C", "10-12", "13-15", "16", "17-18", "91", "90")
VINTAGES = ("H3", "H4", "H5")
# real changes every scale keeps (tests and docs use them): 852520 transmitters with receivers
# (phones, base stations: several HS2007 codes, n:n), 854389 (merged into HS2007 854370),
# 271000 petroleum oils (split), 300490/300440 medicaments (n:n via HS2007 waste 300692)
EXAMPLES = ("852520", "854389", "271000", "300490", "300440")


def _concordance() -> list[dict[str, str]]:
    return list(seeds.seed("hs_concordance_demo"))


def universe() -> pd.DataFrame:
    """All HS96 products with their IFR industry, Lall class, factor intensity and treatment."""
    codes = sorted(r["code"] for r in seeds.data("hs96_real_codes"))
    missing = {r["to_code"] for r in _concordance()} - set(codes)
    assert not missing, f"seed hs_concordance_demo links codes outside the universe: {missing}"

    ifr = {r["hs_prefix"]: r["ifr_code"] for r in seeds.seed("hs96_ifr_industry")}
    note = {r["hs_prefix"]: r["note"] for r in seeds.seed("hs96_ifr_industry")}
    lall = {r["hs_prefix"]: r["lall_class"] for r in seeds.seed("hs96_lall_demo")}
    intensity = {r["lall_class"]: r["factor_intensity"] or "none"
                 for r in seeds.seed("lall_intensity")}
    manuf = {r["ifr_code"]: r["is_manufacturing"] == "true" for r in seeds.seed("ifr_industries")}
    df = pd.DataFrame({"code": codes})
    df["chapter"] = df.code.str[:2]
    df["ifr"] = [seeds.longest_prefix(c, ifr) for c in codes]
    df["lall"] = [seeds.longest_prefix(c, lall) for c in codes]
    df["intensity"] = df.lall.map(intensity)
    df["treated"] = df.ifr.isin(TREATED_IFR)
    df["manufacturing"] = df.ifr.map(manuf).astype(bool)
    df["description"] = [f"{seeds.longest_prefix(c, note).capitalize()}: {c[:4]}.{c[4:]}"
                         for c in codes]
    assert df.ifr.isin(TREATED_IFR + CONTROL_IFR).all(), "product outside the IFR lists"
    return df


def select(products: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """The scale's products: the EXAMPLES, one code per seed 4-digit heading, then a random
    (fixed-seed) sample of the rest, so chapters enter roughly in proportion. None = all."""
    if scale.n_products is None:
        return products.reset_index(drop=True)
    headings = {r["hs_prefix"] for name in ("hs96_ifr_industry", "hs96_lall_demo")
                for r in seeds.seed(name) if len(r["hs_prefix"]) == 4}
    keep = set(EXAMPLES)
    for h in sorted(headings):
        if not any(c.startswith(h) for c in keep):
            keep.add(products.code[products.code.str.startswith(h)].iloc[0])
    rest = products.code[~products.code.isin(keep)].to_numpy()
    r = rng(STRUCTURE_SEED, "select", scale.name)
    keep |= set(r.choice(rest, size=scale.n_products - len(keep), replace=False))
    return products[products.code.isin(keep)].reset_index(drop=True)


def tariff_links(products: pd.DataFrame):
    """Native tariff lines per vintage and the tariff component of each product.

    A native line listed in the concordance applies to every HS96 code it links to, and an
    HS96 code's tariff is the simple average of its native lines. Tying the true tariff within
    each connected component of the HS96 <-> native graph (over all vintages) makes that rule
    recover it exactly. Returns (component id per product, {vintage: DataFrame native, comp,
    product}).
    """
    codes = list(products.code)
    pos = {c: i for i, c in enumerate(codes)}
    links = {v: defaultdict(set) for v in VINTAGES}          # vintage -> native -> products
    listed = {v: set() for v in VINTAGES}                    # HS96 codes with rows per vintage
    for r in _concordance():
        if r["from_nomen"] in links and r["to_code"] in pos:   # H2 rows serve the customs
            links[r["from_nomen"]][r["from_code"]].add(pos[r["to_code"]])
            listed[r["from_nomen"]].add(r["to_code"])
    for v in VINTAGES:
        for c in codes:
            if c not in listed[v]:
                links[v][c].add(pos[c])
    parent = list(range(len(codes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for v in VINTAGES:
        for members in links[v].values():
            first, *others = sorted(members)
            for o in others:
                parent[find(o)] = find(first)
    roots = [find(i) for i in range(len(codes))]
    comp = np.unique(roots, return_inverse=True)[1]
    lines = {}
    for v in VINTAGES:
        natives = sorted(links[v])
        owner = [min(links[v][n]) for n in natives]
        lines[v] = pd.DataFrame({"native": natives, "comp": comp[owner], "product": owner})
    return comp, lines


def unmapped_pool() -> np.ndarray:
    """National codes in chapters 98/99 that map to no HS96 product."""
    return np.array([f"98{h:02d}{s}" for h in range(1, 31) for s in ("00", "10")]
                    + [f"99{h:02d}00" for h in range(1, 61)])
