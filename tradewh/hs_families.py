"""Time-consistent HS product families (Pierce & Schott 2012; Van Beveren, Bernard &
Vandenbussche 2012).

A customs record's HS6 code is in its year's vintage. Converting it to HS1996 is unambiguous
when the code links to one HS1996 code (unchanged, or one of the parts of a split); when it
links to several (codes merged, or reshuffled n:n) the record's HS1996 product is not known.
Spreading it over every linked code invents varieties; picking one makes a firm's product
change code when the vintage changes. A family is a connected component of the graph whose
nodes are the codes of every vintage and whose edges are the concordance links: every code of
a family, in any vintage, maps to the same product, so a firm's product keeps its identity
across vintages and no record is split. The family is named by its smallest HS1996 code.
"""
from __future__ import annotations

import pandas as pd

FAMILY_COLUMNS = ["hs96", "hs6_family", "family_size"]


def hs_families(links: pd.DataFrame) -> pd.DataFrame:
    """One row per HS1996 code of ``links`` (columns from_nomen, from_code, to_code; to_code
    HS1996, NULL rows ignored): its family (the smallest HS1996 code of its connected component)
    and the family's number of HS1996 codes. Sorted by hs96; independent of row order."""
    import networkx as nx

    missing = {"from_nomen", "from_code", "to_code"} - set(links.columns)
    if missing:
        raise ValueError(f"hs_families: links lack columns {sorted(missing)}")
    e = links.dropna(subset=["from_code", "to_code"])
    g = nx.Graph()
    g.add_nodes_from(sorted(("H1", c) for c in set(e["to_code"])))
    g.add_edges_from(sorted({(("H1", t), (str(v), f)) for v, f, t in
                             e[["from_nomen", "from_code", "to_code"]].itertuples(index=False)}))
    rows = []
    for comp in nx.connected_components(g):
        hs96 = sorted(code for nomen, code in comp if nomen == "H1")
        rows += [(code, hs96[0], len(hs96)) for code in hs96]
    out = pd.DataFrame(rows, columns=FAMILY_COLUMNS)
    out["family_size"] = out["family_size"].astype("int64")
    return out.sort_values("hs96", kind="stable").reset_index(drop=True)
