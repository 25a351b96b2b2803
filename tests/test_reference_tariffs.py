"""With the official UN tables in TRADEWH_REFERENCE_DIR, tariffs are concorded through them."""
from __future__ import annotations

import duckdb
import pytest

from conftest import make_paths, reference_dir

REF = reference_dir()
pytestmark = pytest.mark.skipif(
    REF is None, reason="official reference files not found: set TRADEWH_REFERENCE_DIR or provide ../shared/reference")


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_raw):
    from tradewh.pipeline import build, land

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
