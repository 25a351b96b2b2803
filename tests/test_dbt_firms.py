"""Staging of the firm-level sources on the shared tiny and demo warehouses: every raw record
staged or rejected per year, vintage codings harmonised, identities and codes intact."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from synthetic.firms import customs

FIRM_SOURCES = ("customs_transactions", "asif_firms")


@pytest.fixture(scope="module")
def truth(tiny_raw):
    return pd.read_csv(tiny_raw / "truth_firms/firm_years.csv", dtype=str, keep_default_na=False)


def _reconciliation(con) -> pd.DataFrame:
    return con.execute(
        "select source, file_year, n_records, n_staged, n_rejected, reconciles "
        f"from marts.rpt_raw_reconciliation where source in {FIRM_SOURCES}").df()


def test_every_record_staged_or_rejected_per_source_and_year(con):
    rec = _reconciliation(con)
    for source in FIRM_SOURCES:
        r = rec[rec.source == source]
        assert sorted(r.file_year) == list(range(2000, 2016)), source
        assert r.reconciles.all() and (r.n_staged > 0).all()
        assert (r.n_records == r.n_staged + r.n_rejected).all()


def test_undecodable_lines_are_rejects_naming_file_row_and_column(con, tiny_raw):
    planted = pd.read_csv(tiny_raw / "truth_firms/planted_mess.csv", dtype=str)
    bad = planted[planted.what.str.contains("undecodable")]
    assert len(bad) == len(customs.GB18030_YEARS)
    rej = con.execute("select source_file, source_row, reason, reject_column, reject_value "
                      "from staging.stg_customs__transactions_rejects").df()
    got = set(zip(rej.source_file, rej.source_row.astype(str), rej.reject_column))
    assert set(zip(bad.file, bad.row, bad.column)) <= got
    enc = rej[rej.reason == "unparseable_line: invalid encoding"]
    assert len(enc) == len(bad) and enc.reject_value.str.contains("\\xff", regex=False).all()
    dup = planted[planted.what == "duplicate record"]
    srej = con.execute("select source_file, source_row from staging.stg_asif__firms_rejects "
                       "where reason = 'duplicate_record'").df()
    assert set(zip(dup.file, dup.row)) == set(zip(srej.source_file, srej.source_row.astype(str)))


def test_vintage_codings_are_harmonised(con):
    d = con.execute("""
        select year, flow, trade_mode, trade_mode_coarse, country_iso3, hs8, hs_vintage, count(*) as n
        from staging.stg_customs__transactions group by all""").df()
    for year, g in d.groupby("year"):
        assert set(g.flow) == {"export", "import"}, year
        assert g.country_iso3.notna().mean() > 0.95 and "USA" in set(g.country_iso3), year
        modes = set(g.trade_mode)
        if year in customs.GB18030_YEARS:
            assert "processing_unspecified" in modes and "processing_imported" not in modes
        else:
            assert "processing_imported" in modes and "processing_unspecified" not in modes
        assert "processing" in set(g.trade_mode_coarse) and "ordinary" in set(g.trade_mode_coarse)
    assert d.hs8.str.fullmatch(r"[0-9]{8}").all()
    early = d[d.hs8.str.startswith("0")]                 # numeric HS8 of 2007-2011 re-padded
    assert set(customs.GB18030_YEARS) <= set(early.year)
    assert dict(d.groupby("year").hs_vintage.first()) == {
        y: "H1" if y < 2002 else "H2" if y < 2007 else "H3" if y < 2012 else "H4" for y in range(2000, 2016)}


def test_staged_identities_match_the_truth(con, truth):
    st = con.execute("select distinct year, firm_code, firm_name from staging.stg_customs__transactions").df()
    t = truth[truth.customs_name != ""][["year", "customs_code", "customs_name"]].drop_duplicates()
    t["year"] = t.year.astype(int)
    m = st.merge(t, left_on=["year", "firm_code"], right_on=["year", "customs_code"], how="left")
    assert m.customs_name.notna().all()
    # normalised: full-width letters, brackets and spaces no longer tell the years apart
    norm = m.customs_name.str.normalize("NFKC").str.replace(r"\s", "", regex=True).str.upper()
    assert (norm == m.firm_name).all()
    sv = con.execute("select year, legal_code, firm_name, cic_code, county_code, zip from staging.stg_asif__firms").df()
    ts = truth[truth.in_survey == "true"][["year", "survey_legal_code"]].copy()
    ts["legal_code"] = ts.survey_legal_code.str.replace("-", "").str.upper()
    assert set(zip(sv.year.astype(str), sv.legal_code)) == set(zip(ts.year, ts.legal_code))
    assert sv.cic_code.str.fullmatch(r"[0-9]{4}").all() and sv.cic_code.str.startswith("0").any()
    assert sv.zip.dropna().str.fullmatch(r"[0-9]{6}").all() and sv.zip.str.startswith("0").any()


def test_survey_fields_follow_the_vintages(con):
    s = con.execute("""
        select year, count(*) as n, count(sales_k_rmb) as sales, count(employment) as emp,
               count(intermediate_input_k_rmb) as inputs, count(rd_expense_k_rmb) as rd,
               count(interest_expense_k_rmb) as interest, count(county_code) as county,
               count(founding_year) as founded
        from staging.stg_asif__firms group by year order by year""").df().set_index("year")
    assert (s.sales == s.n).all() and (s.emp == s.n).all() and (s.county == s.n).all()
    assert (s.inputs > 0).tolist() == [y <= 2007 for y in s.index]
    assert (s.rd > 0).tolist() == [y in (2001, 2005, 2006, 2007, 2013, 2014, 2015) for y in s.index]
    assert s.loc[2010, "interest"] == 0 and (s.drop(2010).interest == s.drop(2010).n).all()
    assert (s.founded < s.n).any() and (s.founded > 0.95 * s.n).all()


def test_demo_firm_sources_reconcile_per_year(demo_built):
    with duckdb.connect(str(demo_built.warehouse), read_only=True) as c:
        rec = _reconciliation(c)
    assert len(rec) == 2 * 16 and rec.reconciles.all()
    assert rec[rec.source == "customs_transactions"].n_staged.sum() > 1_000_000
