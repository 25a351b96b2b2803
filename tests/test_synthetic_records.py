"""The record sources of the synthetic universe (family "records"): determinism, the raw-format
contract, and the planted links to the firm universe (latent patent counts, adoption years)
read back from the raw files themselves."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from synthetic import generate
from synthetic.firms import FirmUniverse
from synthetic.records import ipc, numbers
from synthetic.records import params as P

SEED = 5
RECORD_DIRS = ("patents", "web", "registry", "truth_records")


@pytest.fixture(scope="module")
def universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("records")
    for name, seed in (("a", SEED), ("b", SEED), ("c", SEED + 1)):
        generate("tiny", seed, base / name, families=["records"])
    return base


@pytest.fixture(scope="module")
def raw(universes):
    return universes / "a"


@pytest.fixture(scope="module")
def universe():
    return FirmUniverse("tiny", SEED)


def _truth(raw, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / "truth_records" / name, dtype=str, keep_default_na=False)


def _csv(raw, rel: str, encoding: str = "utf-8-sig") -> pd.DataFrame:
    return pd.read_csv(raw / rel, dtype=str, keep_default_na=False, encoding=encoding)


def test_same_seed_same_bytes_other_seed_other_data(universes):
    a, b, c = (universes / k for k in "abc")
    files = sorted(p.relative_to(a) for d in RECORD_DIRS for p in (a / d).iterdir())
    assert len(files) == 16 + 5 + 3 + 6
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert all(digest(a / f) == digest(b / f) for f in files)
    assert digest(a / "patents/cnipa_patents_2010.csv") != digest(c / "patents/cnipa_patents_2010.csv")
    truth = json.loads((a / "truth.json").read_text())["studies"]["firm_records"]
    assert truth["digital_patents_quality"]["counts_by_year"]["2015"]["digital_inventions"] > 0


def test_patent_export_vintages(raw):
    old, new = _csv(raw, "patents/cnipa_patents_2005.csv"), _csv(raw, "patents/cnipa_patents_2012.csv")
    assert (raw / "patents/cnipa_patents_2012.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert old["申请号"].str.startswith("CN").mean() > 0.95 and new["申请号"].str.match(r"^\d{12}[\dX]$").mean() > 0.95
    assert old["申请日"].str.match(r"^2005\.\d\d\.\d\d$").mean() > 0.99
    assert new["申请日"].str.match(r"^2012-\d\d-\d\d$").mean() > 0.99
    assert old["专利类型"].isin(["发明专利", "实用新型", "外观设计", ""]).all()
    assert new["分类号"].str.contains(r"[A-H]\d\d[A-Z] \d+/\d+").any()
    assert _csv(raw, "patents/cnipa_patents_2008.csv")["分类号"].str.contains(r"\(2006\.01\)").any()
    designs = new[new["专利类型"] == "外观设计"]
    locarno = designs["主分类号"].str.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    assert len(designs) and locarno.str.match(r"^\d\d-\d\d$").all()     # some full-width


def test_application_numbers_check_out_except_planted(raw):
    planted = _truth(raw, "planted_mess.csv")
    for year in (2003, 2011):
        df = _csv(raw, f"patents/cnipa_patents_{year}.csv")
        file = f"patents/cnipa_patents_{year}.csv"
        wrong = set(planted[(planted.file == file) & (planted.what == "wrong check character")].row.astype(int))
        half = df["申请号"].str.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
        body = half.str.replace("CN", "").str.replace(".", "", regex=False)
        width = 12 if year >= 2004 else 8
        full = body.str.len() == width + 1
        ok = [numbers.check_char(b[:width]) == b[width] for b in body[full]]
        rows = np.flatnonzero(full.to_numpy()) + 1
        assert {int(r) for r, good in zip(rows, ok) if not good} == wrong and wrong


def test_digital_ipc_pools_follow_the_table_and_keep_the_traps():
    r = np.random.default_rng(1)
    digital = ipc.digital_pool(r)
    assert all(ipc.is_digital(c) for c in digital)
    ordinary = np.concatenate([ipc.ordinary_pool(r, c) for c in ("35", "36", "40")])
    assert not any(ipc.is_digital(c) for c in ordinary)
    # codes a careless rule would flag: another main group sharing the digits, a parent subgroup
    assert any(c.startswith("A61B 50/") for c in ordinary) and any(c.startswith("G06F 30/") for c in ordinary)
    assert ipc.is_digital("G05B 19/4185") and not ipc.is_digital("G05B 19/41")
    assert ipc.is_digital("G06F 3/0488") and not ipc.is_digital("G06F 30/17")
    table = pd.DataFrame(list(ipc.table()))
    assert set(table.dig_category_code) == {"01", "02", "03", "04"} and table.dig_class_code.nunique() == 15
    assert set(table.ipc_level) == {"subclass", "main_group", "subgroup"}


def test_truth_patents_carry_the_latent_digital_counts(raw, universe):
    pats = _truth(raw, "patents.csv")
    pats = pats[(pats.is_digital == "true") & (pats.patent_type == "invention")]
    per = pats.assign(uid=pats.applicant_firm_uids.str.split(";")).explode("uid")
    per = per[per.uid != ""].groupby(["uid", "application_year"]).size()
    expected = {}
    for fy in universe.years():
        k = fy.latent["digital_patents"] * (fy.alive & (universe.a.kind == "producer"))
        for i in np.flatnonzero(k):
            expected[(universe.a.firm_uid[i], str(fy.year))] = int(k[i])
    assert len(expected) > 50 and per.to_dict() == expected


def _since(raw, rel: str, column: str, parse) -> pd.Series:
    """Member-since year per firm_uid read from the raw list (planted rows left out)."""
    df = _csv(raw, rel)
    t = _truth(raw, "platform_members.csv")
    t = t[t.source_file == rel].reset_index(drop=True)
    keep = (t.firm_uid != "") & (t.planted == "")
    return pd.Series([parse(v) for v in df[column][keep.to_numpy()]], index=t.firm_uid[keep])


def test_platform_lists_date_the_adoption_years(raw, universe):
    f = universe.firms.set_index("firm_uid")
    ali = _since(raw, f"web/alibaba_com_suppliers_{P.CRAWL_YEAR}.csv", "Member Since", int)
    mic = _since(raw, f"web/made_in_china_members_{P.CRAWL_YEAR}.csv", "Member Since",
                 lambda s: int(s[-4:]))
    pit = pd.concat([ali, mic]).groupby(level=0).min()
    assert (pit == f.pit_year[pit.index]).mean() > 0.97       # a garbled date can hide the first
    assert set(f.index[f.pit_year > 0]) - set(pit.index) <= set(
        _truth(raw, "planted_mess.csv").firm_uids)
    pdo = _since(raw, f"web/1688_chengxintong_members_{P.CRAWL_YEAR}.csv", "诚信通年限",
                 lambda s: P.CRAWL_YEAR - int(s.strip("第年")) + 1)
    assert len(pdo) > 20 and (pdo == f.pdo_year[pdo.index]).all()


def test_websites_date_the_homepage_by_filing_or_whois(raw, universe):
    f = universe.firms.set_index("firm_uid")
    icp = _csv(raw, f"web/icp_beian_{P.CRAWL_YEAR}.csv", "utf-8")
    sites = _truth(raw, "websites.csv")
    filed = sites[sites.list == "icp_beian"].reset_index(drop=True)
    assert (icp["审核通过时间"].to_numpy()[filed.planted == ""] == filed.filing_date[filed.planted == ""]).all()
    sites = sites[(sites.list == "icp_beian") & (sites.firm_uid != "")]
    start = pd.concat([sites.filing_date, sites.whois_creation_date.where(sites.whois_creation_date != "")])
    first = pd.Series(start.str[:4].astype(float).to_numpy(), index=pd.concat([sites.firm_uid] * 2)
                      ).groupby(level=0).min()
    adopters = first[first <= 2015]
    assert len(adopters) > 20 and (adopters == f.icp_year[adopters.index]).all()
    assert (f.icp_year[first[first > 2015].index] == 0).all()
    assert (sites.filing_date.str[:4].astype(int) >= P.ICP_REGIME_START).all()
    early = f.index[(f.icp_year > 0) & (f.icp_year < P.ICP_REGIME_START)]
    assert len(early) and set(early) <= set(adopters.index)     # dated by WHOIS alone


def test_registry_codes_and_names(raw, universe):
    reg = _csv(raw, f"registry/enterprise_credit_{P.REGISTRY_YEAR}.csv", "utf-8")
    t = _truth(raw, "registry_records.csv")
    t = t[t.list == "enterprise_credit"].reset_index(drop=True)
    coded = reg["统一社会信用代码"] != ""
    assert coded.mean() > 0.5 and (reg["注册号"].str.len() == 15).all()
    f = universe.firms.set_index("firm_uid")
    inside = (t.firm_uid != "").to_numpy() & coded.to_numpy()
    org = reg["统一社会信用代码"][inside].str[8:17].to_numpy()
    uid = t.firm_uid[inside]
    assert np.isin(org, np.r_[f.legal_code_first[uid], f.legal_code_second[uid]]).all()
    renamed = reg["曾用名"] != ""
    assert renamed.any() and (reg["曾用名"][renamed].to_numpy()
                              == f.name_first[t.firm_uid[renamed.to_numpy()]].to_numpy()).all()
    ops = (raw / f"registry/foreign_trade_operators_{P.OPERATOR_YEAR}.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        ops.decode("gb18030")                                # the planted undecodable line
    assert ops.split(b"\n", 1)[0].decode("gb18030").startswith("备案登记表编号")
