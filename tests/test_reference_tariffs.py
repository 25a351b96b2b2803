"""With the official UN tables in TRADEWH_REFERENCE_DIR, tariffs are concorded through them."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import make_paths, reference_dir

REF = reference_dir()
pytestmark = pytest.mark.skipif(
    REF is None, reason="official reference files not found: set TRADEWH_REFERENCE_DIR or provide ../shared/reference")


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_raw):
    from orchestration.pipeline import build, land

    paths = make_paths(tmp_path_factory.mktemp("ref_wh"), tiny_raw, reference=REF)
    land(paths, progress=lambda _: None)
    build(paths, progress=lambda _: None)
    return paths


def test_tariff_lines_are_linked_through_the_un_tables(built):
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        cov = con.execute("select * from marts.rpt_tariff_concordance_coverage").df()
        lines = con.execute("select nomen, product_code from staging.stg_tariffs__mfn").df()
        links = con.execute("select distinct from_nomen, from_code from intermediate.int_tariff__hs_concordance").df()
        official = con.execute("select count(*) from marts.rpt_concordance_coverage").fetchone()[0]
    assert official == 14  # 5 HS->HS96, 5 HS->BEC, 1 HS->SITC2, Broda-Weinstein, 2 code lists
    assert cov["n_identity"].sum() == 0
    sources = set(cov.loc[cov.n_linked_by_table > 0, "concordance_source"])
    assert sources and all(s.startswith("un:HS") and "HS1996" in s.replace(" ", "") for s in sources), sources
    # independent count of lines whose native code is not in the UN table of their vintage
    known = set(map(tuple, links.to_numpy()))
    unmapped = sum((n, c) not in known for n, c in lines.to_numpy() if n != "H1")
    assert cov["n_unmapped"].sum() == unmapped
    assert cov["n_linked_by_table"].sum() == len(lines) - unmapped
    assert cov["n_split"].sum() > 0  # 1:n links exist in the real tables


def test_lall_classes_come_through_hs2012_and_sitc2(built):
    land = built.landing_dir / "reference"
    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        links = con.execute("select hs6, lall_class, lall_source from intermediate.int_product__lall_links").df()
        cov = con.execute("select * from marts.rpt_lall_coverage").df().set_index("lall_source")
        lall = con.execute("select sitc2_3digit, lall_class from seeds.lall_sitc2").df()
        products = con.execute("select hs6 from staging.stg_baci__products").df()
    conv = duckdb.sql(f"select from_code, to_code from '{land}/hs_to_hs96.parquet' where from_nomen = 'H4'").df()
    sitc = duckdb.sql(f"select hs6, sitc2_3digit from '{land}/hs_sitc2.parquet' "
                      "where hs_nomen = 'H4' and sitc2 is not null").df()
    # the same chain computed independently in pandas
    chain = (conv.merge(sitc, left_on="from_code", right_on="hs6")
                 .merge(lall, on="sitc2_3digit")[["to_code", "lall_class"]].drop_duplicates())
    expected = chain[chain.to_code.isin(products.hs6)]
    assert set(map(tuple, links[["hs6", "lall_class"]].to_numpy())) == set(map(tuple, expected.to_numpy()))
    assert set(links.lall_source) == {"un_hs2012_sitc2"}
    assert cov.loc["un_hs2012_sitc2", "n_products"] == links.hs6.nunique()
    # real HS96 products: all usually reach a class, and then there is no 'none' row
    n_none = cov.loc["none", "n_unmapped"] if "none" in cov.index else 0
    assert n_none == len(products) - links.hs6.nunique()
    # a real code end to end: portable computers (HS96 847130) are SITC 752, high-tech HT1
    assert set(chain.loc[chain.to_code == "847130", "lall_class"]) == {"HT1"}


def test_hs96_bec_helper_follows_the_un_table(built):
    """int_product__hs96_bec (paper 001's intermediate goods) reads the UN HS1996 -> BEC table when
    the reference directory is given: every HS96 code of the table, its SNA end use recomputed here
    from the landed links and seed bec_classes (one class, else 'mixed')."""
    import pandas as pd

    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        ours = con.execute("select * from intermediate.int_product__hs96_bec").df().set_index("hs6")
    links = pd.read_parquet(built.landing_dir / "reference" / "hs_bec.parquet")
    seeds = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
    classes = pd.read_csv(seeds / "bec_classes.csv", dtype={"bec": str})
    h1 = links[(links.hs_nomen == "H1") & links.bec.notna()].merge(classes[["bec", "sna_class"]], on="bec")
    want = h1.groupby("hs6").sna_class.agg(lambda s: s.iloc[0] if s.nunique() == 1 else "mixed")
    assert set(ours.bec_source) == {"un_hs1996_bec"}
    assert len(ours) == len(want) > 5000
    assert (ours.loc[want.index, "sna_class"] == want).all()
    any_int = h1.groupby("hs6").sna_class.agg(lambda s: (s == "intermediate").any())
    assert (ours.loc[any_int.index, "is_any_intermediate"].astype(bool) == any_int).all()


@pytest.fixture(scope="module")
def official_links():
    """Every official HS2002..HS2022 -> HS1996 link (read through the landing reader)."""
    import pandas as pd

    from tradewh.landing.un_tables import read_un_hs_conversion

    files = sorted((REF / "un_hs_conversion").glob("*.xls*"))
    links = pd.concat([read_un_hs_conversion(f) for f in files], ignore_index=True)
    return links[links.to_code.notna()]


def test_demo_concordance_rows_are_real_links_and_products_real_codes(official_links):
    """The seed's links are official links with their published labels, and every product code
    has successors in every vintage of the official tables (synthetic/tools/real_hs_codes.py)."""
    import pandas as pd

    import synthetic.macro.products as prod

    seeds = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
    demo = pd.read_csv(seeds / "hs_concordance_demo.csv", dtype=str, keep_default_na=False)
    keys = ["from_nomen", "from_code", "to_code", "relationship"]
    official = set(map(tuple, official_links[keys].to_numpy()))
    assert set(map(tuple, demo[keys].to_numpy())) <= official
    codes = set(prod.universe().code)
    for v, g in official_links.groupby("from_nomen"):
        assert codes <= set(g.to_code), v


def test_every_scale_s_native_lines_map_back_through_the_official_tables(official_links):
    """Each synthetic native line is an official code of its vintage whose HS1996 codes within
    the scale are in the line's tariff component, and it reaches at least one product: so the
    simple average of lines per HS96 code recovers the true tariff with the official tables too."""
    import synthetic.macro.products as prod
    from synthetic.scales import SCALES

    targets = official_links.groupby(["from_nomen", "from_code"]).to_code.apply(set).to_dict()
    for sc in SCALES.values():
        products = prod.select(prod.universe(), sc)
        pos = {c: i for i, c in enumerate(products.code)}
        comp, lines = prod.tariff_links(products)
        for v, g in lines.items():
            for native, k in zip(g.native, g.comp):
                mine = [pos[t] for t in targets.get((v, native), ()) if t in pos]
                assert mine and all(comp[i] == k for i in mine), (sc.name, v, native)


def test_official_tables_keep_every_planted_tariff_line(built, con):
    """With the official tables, only the planted national lines (chapters 98/99, which map to
    no HS6 code in any table) stay unmapped: < 1% of the product lines in every vintage, the same
    count as the demo build, and lnmfn of the paper-000 panel is the same as without them."""
    q_unmapped = """select nomen, sum(n_lines) as n_lines, sum(n_unmapped) as n_unmapped
                    from marts.rpt_tariff_concordance_coverage group by 1 order by 1"""
    q_national = """select nomen, count(*) as n_national from staging.stg_tariffs__mfn
                    where left(product_code, 2) in ('98', '99') group by 1 order by 1"""
    q_panel = "select importer, hs6, year, lnmfn from marts.panel_ai_policy_quality"
    with duckdb.connect(str(built.warehouse), read_only=True) as ref:
        cov = ref.execute(q_unmapped).df().set_index("nomen")
        national = ref.execute(q_national).df().set_index("nomen").n_national
        panel = ref.execute(q_panel).df()
    demo = con.execute(q_unmapped).df().set_index("nomen")
    assert set(cov.index) == {"H3", "H4", "H5"}
    for v in cov.index:
        assert cov.n_unmapped[v] == national[v] == demo.n_unmapped[v], v
        product_lines = cov.n_lines[v] - national[v]
        assert (cov.n_unmapped[v] - national[v]) / product_lines < 0.01, v
    mine = panel.merge(con.execute(q_panel).df(), on=["importer", "hs6", "year"], suffixes=("", "_demo"))
    assert len(mine) == len(panel)
    assert abs(panel.lnmfn.notna().mean() - mine.lnmfn_demo.notna().mean()) < 0.005
    both = mine.dropna(subset=["lnmfn", "lnmfn_demo"])
    assert len(both) > 0.5 * len(mine) and (both.lnmfn - both.lnmfn_demo).abs().max() < 1e-9
