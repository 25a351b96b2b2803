"""HS product families (tradewh.hs_families): connected components of the concordance links,
checked against a union-find written here and on the official UN tables when they are given."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from tradewh.hs_families import hs_families


def _links(rows):
    return pd.DataFrame(rows, columns=["from_nomen", "from_code", "to_code"])


def _union_find(links: pd.DataFrame) -> dict[str, str]:
    parent: dict[tuple, tuple] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for v, f, t in links.dropna().itertuples(index=False):
        a, b = find(("H1", t)), find((v, f))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[tuple, list[str]] = {}
    for node in list(parent):
        if node[0] == "H1":
            groups.setdefault(find(node), []).append(node[1])
    return {c: min(g) for g in groups.values() for c in g}


def test_families_join_merges_and_chains_across_vintages():
    links = _links([
        ("H3", "847130", "847110"), ("H3", "847130", "847120"),   # a merge: two HS96 codes -> one
        ("H4", "847141", "847120"), ("H4", "847141", "847199"),   # a later merge chains a third in
        ("H3", "010121", "010111"), ("H3", "010129", "010111"),   # a split: one HS96 code, two parts
        ("H2", "999999", None),                                   # unmapped: ignored
    ])
    fam = hs_families(links).set_index("hs96")
    assert fam.loc["847199", "hs6_family"] == "847110" and fam.loc["847120", "family_size"] == 3
    assert fam.loc["010111", "hs6_family"] == "010111" and fam.loc["010111", "family_size"] == 1
    assert list(fam.index) == ["010111", "847110", "847120", "847199"]
    # row order does not matter
    assert hs_families(links.iloc[::-1]).equals(hs_families(links))


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"lack columns \['to_code'\]"):
        hs_families(pd.DataFrame({"from_nomen": [], "from_code": []}))


def test_official_tables_against_union_find():
    ref = os.environ.get("TRADEWH_REFERENCE_DIR")
    if not ref or not (Path(ref) / "un_hs_conversion").is_dir():
        pytest.skip("TRADEWH_REFERENCE_DIR with un_hs_conversion/ not given: official-table check skipped")
    from tradewh.landing.un_tables import read_un_hs_conversion

    parts = [read_un_hs_conversion(f) for f in sorted((Path(ref) / "un_hs_conversion").iterdir())
             if f.suffix in (".xls", ".xlsx")]
    links = pd.concat(parts)[["from_nomen", "from_code", "to_code"]]
    links = links[links["from_nomen"].isin(["H2", "H3", "H4"])]    # customs vintages 2002-2016
    fam = hs_families(links)
    expected = _union_find(links)
    assert dict(zip(fam["hs96"], fam["hs6_family"])) == expected
    sizes = fam.groupby("hs6_family").size()
    assert (fam["family_size"] == fam["hs6_family"].map(sizes)).all()
    # most HS1996 codes stay themselves; some families are large (computers, chemicals)
    assert (fam["family_size"] == 1).mean() > 0.5 and sizes.max() > 10
