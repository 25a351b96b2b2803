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
    assert cov.loc["none", "n_unmapped"] == len(products) - links.hs6.nunique()
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
