"""Staging of the record sources (patents, web presence, registries) on the tiny warehouse:
every raw record staged or rejected per source and year, planted mess rejected with its file,
row and column, and the planted facts (digital patent counts, IPC forms, adoption years,
registry codes) recovered from staging through the truth identities."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SEED

from synthetic.firms import FirmUniverse
from synthetic.records.patents import PatentBook
from tradewh.landing.sources_records import RECORD_SOURCES

SOURCES = {s.name for s in RECORD_SOURCES}
REJECTS = {"patents_cnipa": "stg_patents__applications_rejects",
           "web_alibaba_members": "stg_web__alibaba_members_rejects",
           "web_made_in_china_members": "stg_web__made_in_china_members_rejects",
           "web_1688_members": "stg_web__1688_members_rejects",
           "web_icp_filings": "stg_web__icp_filings_rejects",
           "web_whois_domains": "stg_web__whois_domains_rejects",
           "registry_enterprises": "stg_registry__enterprises_rejects",
           "registry_name_changes": "stg_registry__name_changes_rejects",
           "registry_trade_operators": "stg_registry__trade_operators_rejects"}


@pytest.fixture(scope="module")
def truth(tiny_raw):
    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(tiny_raw / "truth_records" / name, dtype=str, keep_default_na=False)
    return read


def test_every_record_source_reconciles_per_year(con):
    rec = con.execute("select source, source_file, file_year, n_records, n_staged, n_rejected "
                      "from marts.rpt_raw_reconciliation").df()
    rec = rec[rec.source.isin(SOURCES)]
    assert set(rec.source) == SOURCES and rec.file_year.notna().all()
    by_year = rec.groupby(["source", "file_year"])[["n_records", "n_staged", "n_rejected"]].sum()
    assert (by_year.n_records == by_year.n_staged + by_year.n_rejected).all()
    assert (by_year.n_staged > 0).all()
    patent_years = set(by_year.loc["patents_cnipa"].index)
    assert patent_years == set(range(2000, 2016))


def test_planted_rows_and_nothing_else_are_rejected(con, truth):
    planted = truth("planted_mess.csv")
    planted["source"] = [next(s.name for s in RECORD_SOURCES if any(
        pd.Series([f]).str.match(p.replace("*", ".*")).iloc[0] for p in s.patterns)) for f in planted.file]
    for source, rejects in REJECTS.items():
        rej = con.execute(f"select source_file, source_row, reason, reject_column from staging.{rejects}").df()
        want = planted[planted.source == source]
        got = set(zip(rej.source_file, rej.source_row.astype(int)))
        assert got == set(zip(want.file, want.row.astype(int))), source
        dated = want[want.what.str.contains("date|byte")]
        hits = rej.merge(dated.assign(source_row=dated.row.astype(int)),
                         left_on=["source_file", "source_row"], right_on=["file", "source_row"])
        assert (hits.reject_column == hits.column).all(), source


def test_unparseable_patent_date_is_rejected_with_file_row_and_column(con, truth, tiny_raw):
    planted = truth("planted_mess.csv")
    bad = planted[(planted.column == "申请日") & planted.file.str.startswith("patents/")].iloc[0]
    rej = con.execute("select reason, reject_column, reject_value from staging.stg_patents__applications_rejects "
                      "where source_file = ? and source_row = ?", [bad.file, int(bad.row)]).df()
    raw = pd.read_csv(tiny_raw / bad.file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert rej.to_dict("records") == [{"reason": "application_date_unparseable", "reject_column": "申请日",
                                       "reject_value": raw["申请日"].iloc[int(bad.row) - 1]}]
    n = con.execute("select n_records, n_staged, n_rejected from marts.rpt_raw_reconciliation "
                    "where source_file = ?", [bad.file]).fetchall()[0]
    assert n[0] == len(raw) and n[1] == len(raw) - (planted.file == bad.file).sum() and sum(n[1:]) == n[0]


def test_digital_invention_counts_equal_the_latent_counts(con, truth):
    """Through the truth identities (applicant position -> firm_uid), staged digital inventions
    per firm and application year = the universe's latent digital_patents, less the planted
    rejects that hit that firm-year."""
    apps = truth("patents.csv")
    who = apps.assign(uid=apps.applicant_firm_uids.str.split(";")).explode("uid")
    who["applicant_seq"] = who.groupby("application_number").cumcount() + 1
    staged = con.execute("select application_number, applicant_seq, application_year from "
                         "staging.stg_patents__applicants where is_digital_invention").df()
    got = staged.merge(who[who.uid != ""].drop(columns="application_year"),
                       on=["application_number", "applicant_seq"])
    got = got.groupby(["uid", "application_year"]).application_number.nunique()
    lost = truth("planted_mess.csv")
    lost = lost[(lost.digital_invention == "true") & ~lost.what.str.startswith("duplicate")]
    lost = lost.assign(uid=lost.firm_uids.str.split(";"), year=lost.file.str.extract(r"(\d{4})")[0].astype(int))
    lost = lost.explode("uid").query("uid != ''").groupby(["uid", "year"]).size()
    latent = truth("patent_firm_years.csv").astype({"year": int, "digital_patents": int})
    latent = latent[latent.digital_patents > 0].set_index(["firm_uid", "year"]).digital_patents
    sample = latent.sample(n=min(150, len(latent)), random_state=0)
    assert (sample > 0).all() and len(sample) >= 100
    for key, n in sample.items():
        assert got.get(key, 0) + lost.get(key, 0) == n, key
    assert set(got.index) <= set(latent.index) and got.sum() + lost.sum() == latent.sum()


def test_ipc_codes_are_normalised_and_digital_flags_follow_the_seed(con, truth):
    book = PatentBook(FirmUniverse("tiny", TINY_SEED))
    generated = set(book.ordinary.ravel()) | set(book.digital)
    codes = con.execute("select class_raw, ipc_code from staging.stg_patents__ipc_codes "
                        "where class_scheme = 'ipc'").df()
    assert set(codes.ipc_code) <= generated
    assert codes.class_raw.str.match(r"^[A-H]\d\d[A-Z]\d{10}$").any()           # DOCDB forms seen
    flags = con.execute("select application_number, is_digital, is_main_digital from "
                        "staging.stg_patents__applications").df()
    merged = flags.merge(truth("patents.csv"), on="application_number")
    assert len(merged) == len(flags)
    assert (merged.is_digital_x == (merged.is_digital_y == "true")).all()
    assert (merged.is_digital_x & ~merged.is_main_digital).any()          # found on a secondary code


def test_applicants_are_split_named_and_kinded(con, truth):
    staged = con.execute("select application_number, applicant_seq, applicant_name_raw, applicant_name, "
                         "applicant_kind from staging.stg_patents__applicants").df()
    apps = truth("patents.csv")
    kinds = apps.assign(kind=apps.applicant_kinds.str.split(";")).explode("kind")
    kinds["applicant_seq"] = kinds.groupby("application_number").cumcount() + 1
    m = staged.merge(kinds, on=["application_number", "applicant_seq"], how="left", indicator=True)
    assert (m._merge == "both").all() and len(m) == len(staged)
    per_patent = staged.groupby("application_number").size()
    kinds_per_patent = apps.set_index("application_number").applicant_kinds.str.count(";")
    assert (per_patent == kinds_per_patent[per_patent.index] + 1).all()
    expect = {"firm": {"firm"}, "outside_firm": {"firm"}, "individual": {"individual"},
              "university": {"university", "research_institute"}}
    assert all(k in expect[t] for t, k in zip(m.kind, m.applicant_kind))
    assert not staged.applicant_name.str.contains(r"[\s（）Ａ-Ｚ０-９]").any()
    firm_rows = m[m.kind == "firm"].assign(uid=[u.split(";")[s - 1]
                                                for u, s in zip(m[m.kind == "firm"].applicant_firm_uids,
                                                                m[m.kind == "firm"].applicant_seq)])
    per = firm_rows.groupby(["uid", "application_year"]).agg(raw=("applicant_name_raw", "nunique"),
                                                             key=("applicant_name", "nunique"))
    assert (per.raw > per.key).any() and (per.key == 1).mean() > 0.95


def test_adoption_years_recovered_from_staging(con, truth, tiny_raw):
    f = pd.read_csv(tiny_raw / "truth_firms/firms.csv", dtype=str).set_index("firm_uid")
    members = truth("platform_members.csv").astype({"source_row": int})
    planted = set(truth("planted_mess.csv").firm_uids)

    def since(model: str, column: str) -> pd.Series:
        df = con.execute(f"select source_file, source_row, {column} as y from staging.{model}").df()
        df = df.merge(members, on=["source_file", "source_row"]).query("firm_uid != ''")
        return df.groupby("firm_uid").y.min()

    pit = pd.concat([since("stg_web__alibaba_members", "member_since_year"),
                     since("stg_web__made_in_china_members", "member_since_year")]).groupby(level=0).min()
    pdo = since("stg_web__1688_members", "member_since_year")
    for got, col in ((pit, "pit_year"), (pdo, "pdo_year")):
        ok = got.index.difference(list(planted))
        assert len(ok) > 20 and (got[ok] == f[col][ok].astype(int)).all(), col
    sites = truth("websites.csv").astype({"source_row": int})
    icp = con.execute("select i.source_file, i.source_row, least(i.filing_date, w.creation_date) as start "
                      "from staging.stg_web__icp_filings i left join staging.stg_web__whois_domains w "
                      "using (domain)").df().merge(sites, on=["source_file", "source_row"])
    first = icp[icp.firm_uid != ""].groupby("firm_uid").start.min().dt.year
    first = first[first <= 2015]
    first = first[first.index.difference(list(planted))]
    assert len(first) > 20 and (first == f.icp_year[first.index].astype(int)).all()


def test_registry_codes_and_former_names(con, truth, tiny_raw):
    reg = con.execute("select source_row, uscc, organization_code, former_names, industry_name, "
                      "is_wholesale_retail from staging.stg_registry__enterprises").df()
    t = truth("registry_records.csv").query("list == 'enterprise_credit'").astype({"source_row": int})
    m = reg.merge(t, on="source_row").query("firm_uid != ''")
    f = pd.read_csv(tiny_raw / "truth_firms/firms.csv", dtype=str).set_index("firm_uid")
    coded = m[m.uscc.notna()]
    assert len(coded) > 100 and np.isin(coded.organization_code, np.r_[
        f.legal_code_first[coded.firm_uid], f.legal_code_second[coded.firm_uid]]).all()
    renamed = m[m.former_names.map(lambda x: isinstance(x, (list, np.ndarray)) and len(x) > 0)]
    first_names = f.name_first[renamed.firm_uid].str.replace("（", "(").str.replace("）", ")").to_numpy()
    assert len(renamed) and (renamed.former_names.map(lambda x: x[0]).to_numpy() == first_names).all()
    traders = m.firm_uid.map(f.kind) == "intermediary"
    assert m[traders].is_wholesale_retail.mean() > 0.8 and m[~traders].is_wholesale_retail.mean() < 0.1
