"""The synthetic firm universe and its raw files: determinism, the vintage contract, the true
identities behind records, and planted links that can be rebuilt from the raw files alone."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from synthetic import generate
from synthetic.firms import customs, survey
from synthetic.firms.params import BETA_ROBOT, ROBOT_SHARE_YEARS
from synthetic.firms.trade import cny_per_usd

YEARS = range(2000, 2016)
SEED = 11


@pytest.fixture(scope="module")
def universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("firms")
    for name, seed in (("a", SEED), ("b", SEED), ("c", SEED + 1)):
        generate("tiny", seed, base / name)
    return base


@pytest.fixture(scope="module")
def raw(universes):
    return universes / "a"


@pytest.fixture(scope="module")
def firm_years(raw):
    return pd.read_csv(raw / "truth_firms/firm_years.csv", dtype=str, keep_default_na=False)


def _hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _customs(raw, year: int) -> pd.DataFrame:
    enc = "gb18030" if year in customs.GB18030_YEARS else "utf-8"
    text = (raw / "customs" / customs.file_name(year)).read_bytes().decode(enc, errors="replace")
    lines = [ln for ln in text.splitlines() if "\ufffd" not in ln]   # the planted bad line
    rows = [ln.split(",") for ln in lines]
    return pd.DataFrame(rows[1:], columns=rows[0])


def _survey(raw, year: int) -> pd.DataFrame:
    return pd.read_csv(raw / "asif" / survey.file_name(year), dtype=str, keep_default_na=False)


def test_same_seed_same_bytes_other_seed_other_data(universes):
    a, b, c = universes / "a", universes / "b", universes / "c"
    files = sorted(p.relative_to(a) for d in ("customs", "asif", "truth_firms")
                   for p in (a / d).iterdir())
    assert len(files) == 16 + 16 + 5
    assert all(_hash(a / f) == _hash(b / f) for f in files)
    assert _hash(a / "customs/customs_2005.csv") != _hash(c / "customs/customs_2005.csv")
    truth = json.loads((a / "truth.json").read_text())
    assert truth["studies"]["robots_dvar"]["beta_robot"] == BETA_ROBOT
    assert {"robots_dvar", "digital_patents_quality", "trade_digitization_quality"} <= set(truth["studies"])


def test_customs_vintages(raw):
    for year in YEARS:
        path = raw / "customs" / customs.file_name(year)
        head = path.read_bytes().split(b"\n", 1)[0]
        if year in customs.GB18030_YEARS:
            with pytest.raises(UnicodeDecodeError):
                path.read_bytes().decode("utf-8")
            header = head.decode("gb18030").split(",")
        else:
            path.read_bytes().decode("utf-8")
            header = head.decode("utf-8").split(",")
        assert ("HS编码" in header) == (2005 <= year <= 2006 or year >= 2012), year
        assert ("单位地址" in header) == (year >= 2002), year
        df = _customs(raw, year)
        flows, modes = set(df["进口或出口"]), set(df["贸易方式"])
        if year in customs.GB18030_YEARS:
            assert flows == {"0", "1"} and "加工贸易" in modes and "进料加工贸易" not in modes
            assert df["起运国或目的国"].str.fullmatch(r"[0-9]{3}").all()
            assert df["日期"].str.fullmatch(rf"{year}-[01][0-9]").all()
        else:
            assert flows == {"出口", "进口"} and "进料加工贸易" in modes and "加工贸易" not in modes
            assert not df["起运国或目的国"].str.contains(r"[0-9]").any()
            assert df["日期"].str.fullmatch(rf"{year}[01][0-9]").all()


def test_survey_vintages(raw):
    for year in YEARS:
        cols = set(_survey(raw, year).columns)
        assert ("中间投入" in cols or "工业中间投入合计" in cols) == (year <= 2007)
        assert ("产品销售收入" in cols) == (year <= 2007) and ("主营业务收入" in cols) == (year > 2007)
        assert ("研发费用" in cols or "研究开发费" in cols) == (year in survey.RD_YEARS)
        assert ("利息支出" in cols) == (year != 2010)
    n = {y: len(_survey(raw, y)) for y in YEARS}
    assert n[2010] < 0.85 * min(n[2009], n[2008])                 # the thin 2010 wave


def test_raw_identities_are_the_truth(raw, firm_years):
    for year in (2003, 2008, 2013):
        fy = firm_years[firm_years.year == str(year)]
        c = _customs(raw, year)
        written = set(zip(c["企业编码"], c["经营单位"]))
        truth = set(zip(fy.customs_code, fy.customs_name)) - {(code, "") for code in fy.customs_code}
        assert written == truth
        s = _survey(raw, year)
        code = "组织机构代码" if year >= 2011 else "法人代码"
        name = "单位名称" if year >= 2012 else "企业名称"
        surveyed = fy[fy.in_survey == "true"]
        assert set(zip(s[code], s[name])) == set(zip(surveyed.survey_legal_code, surveyed.survey_name))
    firms = pd.read_csv(raw / "truth_firms/firms.csv", dtype=str, keep_default_na=False)
    assert firms.firm_uid.is_unique and firms.customs_code.is_unique
    assert (firms.rename_year != "0").any() and (firms.legal_code_change_year != "0").any()


def test_dvar_rebuilt_from_raw_files_equals_the_truth(raw, firm_years):
    """Upward-Wang-Zheng DVAR from customs (direct trade, ordinary imports grossed up by the
    intermediaries' share of each HS6) and the survey's domestic sales equals the planted one."""
    inter = set(pd.read_csv(raw / "truth_firms/firms.csv", dtype=str).query(
        "kind == 'intermediary'").customs_code)
    checked = 0
    for year in (2003, 2005, 2013):
        c = _customs(raw, year)
        c["v"] = c["金额(美元)" if year >= 2012 else "金额"].astype(float)
        c["hs6"] = c["HS编码" if year >= 2005 else "税号编码"].str[:6]
        c["exp"] = c["进口或出口"] == "出口"
        c["inter"] = c["企业编码"].isin(inter)
        ordinary = (c["贸易方式"] == "一般贸易") & ~c.exp & (c["起运国或目的国"] != "中华人民共和国")
        by_hs = c[ordinary].groupby(["hs6", "inter"]).v.sum().unstack(fill_value=0.0)
        iota = by_hs[True] / (by_hs[True] + by_hs[False])
        mo = c[ordinary & ~c.inter]
        mo_total = (mo.v / (1 - mo.hs6.map(iota))).groupby(mo["企业编码"]).sum()
        proc = c["贸易方式"].isin(["进料加工贸易", "来料加工装配贸易"])
        g = pd.DataFrame({
            "x": c[c.exp].groupby("企业编码").v.sum(),
            "xo": c[c.exp & (c["贸易方式"] == "一般贸易")].groupby("企业编码").v.sum(),
            "mp": c[~c.exp & proc].groupby("企业编码").v.sum(), "mo": mo_total}).fillna(0.0)
        s = _survey(raw, year).drop_duplicates()
        sales = "主营业务收入" if year > 2007 else "产品销售收入"
        s["d"] = (s[sales].astype(float) - s["出口交货值"].astype(float)) * 1000 / cny_per_usd(year)
        code = "组织机构代码" if year >= 2011 else "法人代码"
        fy = firm_years[(firm_years.year == str(year)) & (firm_years.in_survey == "true")]
        link = dict(zip(fy.survey_legal_code, fy.customs_code))
        s["customs_code"] = s[code].map(link)
        g = g.join(s.set_index("customs_code").d, how="inner")
        g = g[(g.x > 0) & (g.mp + g.mo > 0)]
        g["dvar"] = 1 - (g.mp + g.xo * g.mo / (g.d + g.xo)) / g.x
        truth = pd.to_numeric(fy.set_index("customs_code").dvar_uwz)
        diff = (g.dvar - truth.reindex(g.index)).abs()
        assert diff.median() < 0.002 and diff.quantile(0.9) < 0.02, (year, diff.describe())
        checked += len(g)
    assert checked >= 30


def test_robot_exposure_rebuilt_from_raw_ifr_and_2000_survey(raw):
    ifr = pd.read_csv(raw / "ifr/ifr_world_robotics.csv", dtype={"industry_code": str})
    chn = ifr[ifr.country == "CHN"].pivot(index="year", columns="industry_code",
                                         values="operational_stock").fillna(0.0)
    leaves = [c for c in chn.columns if c not in ("99", "D", "19-22")]
    lo, hi = ROBOT_SHARE_YEARS
    share = chn.loc[lo:hi, leaves].div(chn.loc[lo:hi, leaves].sum(axis=1), axis=0).mean()
    true = chn[leaves] + np.outer(chn["99"], share)
    s = _survey(raw, 2000).drop_duplicates()
    seed = pd.read_csv("dbt_project/seeds/cic_ifr_industry.csv", dtype=str).query("cic_version == '2002'")
    table = dict(zip(seed.cic_prefix, seed.ifr_code))
    cic = s["行业代码"].str.zfill(4)
    s["ifr"] = [next(table[c[:n]] for n in (4, 3, 2) if c[:n] in table) for c in cic]
    emp = s.groupby("ifr")["全部从业人员年平均人数"].apply(lambda x: x.astype(float).sum())
    truth = pd.read_csv(raw / "truth_firms/robot_exposure.csv", dtype={"ifr_code": str})
    for r in truth.dropna(subset=["exposure"]).itertuples():
        rebuilt = np.log1p(1e4 * true.loc[r.year, r.ifr_code] / emp[r.ifr_code])
        assert rebuilt == pytest.approx(r.exposure, rel=1e-9), (r.ifr_code, r.year)
