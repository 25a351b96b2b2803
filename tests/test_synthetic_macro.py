"""The synthetic macro universe: determinism, the raw-file contract, and the planted truth.

Everything runs on the `tiny` scale (a fraction of a second per universe).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import lsqr

from synthetic import generate
from synthetic.macro.tariffs import Tariffs

ROOT = Path(__file__).resolve().parents[1]

DOCS = (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")
SEEDS = ROOT / "dbt_project" / "seeds"
YEARS = range(2010, 2021)
BACI_HEADER = ["t", "i", "j", "k", "v", "q"]
WITS_REQUIRED = ["Selected Nomen", "Native Nomen", "Reporter", "Reporter Name", "Product",
                 "Product Name", "Partner", "Partner Name", "Tariff Year", "Trade Year",
                 "Trade Source", "DutyType", "Simple Average", "Weighted Average",
                 "Standard Deviation", "Minimum Rate", "Maximum Rate", "Nbr of Total Lines"]
IFR_HEADER = ["country", "country_name", "industry_code", "industry_name", "year",
              "installations", "operational_stock"]
SEED = 42


@pytest.fixture(scope="module")
def universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("synth")
    truths = {}
    for name, seed in (("a", SEED), ("b", SEED), ("c", 7)):
        truths[name] = generate("tiny", seed, base / name)
    return base, truths


@pytest.fixture(scope="module")
def raw(universes):
    return universes[0] / "a"


@pytest.fixture(scope="module")
def truth(universes):
    return universes[1]["a"]["studies"]["ai_policy_quality"]


def _seed(name):
    return pd.read_csv(SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _baci(raw: Path) -> pd.DataFrame:
    frames = []
    for y in YEARS:
        f = pd.read_csv(raw / "baci" / f"BACI_HS96_Y{y}_V202401b.csv", dtype=str,
                        keep_default_na=False)
        f["file_year"] = str(y)
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _treated(codes: pd.Series, treated_ifr: list[str]) -> np.ndarray:
    """treat_h from the seed hs96_ifr_industry (longest prefix) -- independent of the generator."""
    table = dict(zip(*_seed("hs96_ifr_industry")[["hs_prefix", "ifr_code"]].T.to_numpy()))
    ifr = [next(table[c[:n]] for n in range(6, 0, -1) if c[:n] in table) for c in codes]
    return np.isin(ifr, treated_ifr)


# --- determinism --------------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files(universes):
    base, truths = universes
    a, b = _hashes(base / "a"), _hashes(base / "b")
    assert len(a) >= 11 + 2 + 11 + 2 + 1 + 1
    assert a == b
    assert truths["a"] == truths["b"]


def test_different_seed_gives_different_data(universes):
    base, truths = universes
    a, c = _hashes(base / "a"), _hashes(base / "c")
    assert a.keys() == c.keys()
    for name in ("baci/BACI_HS96_Y2015_V202401b.csv", "wdi/WDIData.csv",
                 "tariffs/DataJobID-3102015_MFN_2015.csv", "ifr/ifr_world_robotics.csv",
                 "truth.json"):
        assert a[name] != c[name], name
    assert truths["a"]["studies"] != truths["c"]["studies"]


# --- the raw-file contract (docs/data-sources.md) ----------------------------------------

def test_files_and_headers_match_the_docs(raw):
    for col in WITS_REQUIRED + IFR_HEADER + ["Region", "Income Group", "Currency Unit",
                                             "t,i,j,k,v,q", "code,description",
                                             "country_code,country_name,country_iso2,country_iso3"]:
        assert f"`{col}`" in DOCS, f"{col} is not in the docs any more"
    for y in YEARS:
        with open(raw / "baci" / f"BACI_HS96_Y{y}_V202401b.csv", encoding="utf-8") as f:
            assert f.readline() == "t,i,j,k,v,q\n"
        tariff = list((raw / "tariffs").glob(f"DataJobID-*_MFN_{y}.csv"))
        assert len(tariff) == 1 and re.fullmatch(r"DataJobID-\d+_MFN_\d{4}\.csv", tariff[0].name)
        header = next(csv.reader(open(tariff[0], encoding="utf-8")))
        assert header[: len(WITS_REQUIRED)] == WITS_REQUIRED
    assert (raw / "baci/country_codes_V202401b.csv").read_text().startswith(
        "country_code,country_name,country_iso2,country_iso3\n")
    assert (raw / "baci/product_codes_HS96_V202401b.csv").read_text().startswith(
        "code,description\n")
    first = (raw / "wdi/WDIData.csv").read_text(encoding="utf-8").splitlines()[0]
    years = ",".join(f'"{y}"' for y in range(1960, 2024))
    assert first == f'"Country Name","Country Code","Indicator Name","Indicator Code",{years},'
    wdic = pd.read_csv(raw / "wdi/WDICountry.csv", dtype=str, keep_default_na=False)
    assert {"Country Code", "Table Name", "Region", "Income Group",
            "Currency Unit"} <= set(wdic.columns)
    assert next(csv.reader(open(raw / "ifr/ifr_world_robotics.csv"))) == IFR_HEADER
    assert (raw / "truth.json").is_file()


def test_truth_json_has_the_planted_parameters(raw, universes):
    t = json.loads((raw / "truth.json").read_text())
    assert t == universes[1]["a"]
    assert (t["seed"], t["scale"], t["years"]) == (SEED, "tiny", [2010, 2020])
    s = t["studies"]["ai_policy_quality"]
    for key in ("sigma", "kappa", "policy_year", "delta", "att", "att_by_income",
                "att_by_intensity", "att_by_quality", "mechanism", "lnmfn_on_raw_quality",
                "treated_ifr_industries", "control_ifr_industries", "treated_share_of_flows",
                "n_china_flows", "income_split_rule", "notes", "placebo_years_effect"):
        assert key in s, key
    assert (s["sigma"], s["kappa"], s["policy_year"], s["delta"]) == (3.0, 0.5, 2015, 0.08)
    assert s["lnmfn_on_raw_quality"] == pytest.approx(-1.5)
    assert set(s["att_by_income"]) == {"high", "low"}
    assert set(s["att_by_intensity"]) == {"labour", "capital", "technology"}
    assert s["att_by_income"]["high"] > s["att_by_income"]["low"]
    assert s["att_by_intensity"]["labour"] > s["att_by_intensity"]["technology"]
    assert s["att_by_quality"]["high"] > s["att_by_quality"]["low"]
    assert s["mechanism"] == {"export_scale": "+", "industry_share": "+"}
    c = s["controls_sample"]
    assert set(c) == {"att", "att_by_income", "att_by_intensity", "att_by_quality", "att_by_year", "n_att_flows"}
    assert set(c["att_by_year"]) == {str(y) for y in range(2015, 2021)}
    assert 0 < c["n_att_flows"] < s["n_att_flows"]
    assert s["placebo_years_effect"] == 0
    assert sorted(s["n_china_flows"]) == [str(y) for y in YEARS]


def test_baci_flows_are_valid(raw):
    d = _baci(raw)
    assert (d.t == d.file_year).all()
    assert d.k.str.fullmatch(r"\d{6}").all()
    assert not d.duplicated(["t", "i", "j", "k"]).any()
    assert (d.v.str.fullmatch(r"\d+\.\d{3}")).all()
    china = d[d.i == "156"]
    assert (china.v.astype(float) > 0).all() and (china.v.astype(float) >= 0.001).all()
    q = d.q.str.strip()
    assert q[q != "NA"].str.fullmatch(r"\d+\.\d{3}").all()
    assert 0.005 < (q == "NA").mean() < 0.05
    assert (d.q != q).any(), "some NA quantities are padded with spaces, as in BACI"
    countries = pd.read_csv(raw / "baci/country_codes_V202401b.csv", dtype=str,
                            keep_default_na=False)
    assert set(d.i) | set(d.j) <= set(countries.country_code)
    assert {"842", "251", "381", "699", "490", "344"} <= set(china.j)
    assert countries.set_index("country_code").loc["490", "country_iso3"] == "S19"
    products = pd.read_csv(raw / "baci/product_codes_HS96_V202401b.csv", dtype=str)
    assert set(d.k) <= set(products.code)
    import synthetic.macro.products as prod
    assert set(prod.EXAMPLES) <= set(products.code)     # real splits and merges at every scale
    assert len(china) > 5000 and len(d) - len(china) > 3000


def test_treated_share_of_china_flows(raw, truth):
    china = _baci(raw).query("i == '156'")
    share = _treated(china.k, truth["treated_ifr_industries"]).mean()
    assert 0.55 <= share <= 0.75
    assert share == pytest.approx(truth["treated_share_of_flows"], abs=1e-6)
    n = china.groupby("t").size()
    assert {str(y): int(n[str(y)]) for y in YEARS} == truth["n_china_flows"]


# --- the planted effect is recoverable ---------------------------------------------------

def _ksw_quality(raw, truth):
    d = _baci(raw).query("i == '156'")
    d = d[d.q.str.strip() != "NA"].copy()
    d["vv"], d["qq"] = d.v.astype(float), d.q.astype(float)
    d = d[d.qq > 0]
    sigma = truth["sigma"]
    y = np.log(d.qq) + sigma * np.log(d.vv / d.qq)

    def dummies(keys):
        codes = pd.factorize(keys)[0]
        return sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)))
    x = sp.hstack([dummies(d.k), dummies(d.j + "_" + d.t)]).tocsr()
    beta = lsqr(x, y.to_numpy(), atol=1e-12, btol=1e-12, iter_lim=50_000)[0]
    d["quality"] = (y.to_numpy() - x @ beta) / (sigma - 1)
    d["treat"] = _treated(d.k, truth["treated_ifr_industries"])
    d["pair"], d["year"] = d.j + "_" + d.k, d.t.astype(int)
    return d


def _twfe(d: pd.DataFrame, x: np.ndarray) -> tuple[float, float]:
    """OLS slope of quality on x with pair and year fixed effects (alternating demeaning), and
    its standard error clustered by pair (the DGP's noise is autocorrelated within a pair)."""
    yv, xv = d.quality.to_numpy().copy(), x.astype(float).copy()
    for _ in range(100):
        for g in (d.pair.to_numpy(), d.year.to_numpy()):
            yv -= pd.Series(yv).groupby(g).transform("mean").to_numpy()
            xv -= pd.Series(xv).groupby(g).transform("mean").to_numpy()
    slope = float(xv @ yv / (xv @ xv))
    scores = pd.Series(xv * (yv - slope * xv)).groupby(d.pair.to_numpy()).sum().to_numpy()
    return slope, float(np.sqrt(scores @ scores) / (xv @ xv))


def test_did_recovers_the_planted_att(raw, truth):
    """The DiD estimate differs from the planted ATT by sampling error only (the u noise, and
    OLS weighting the heterogeneous delta_ih differently from the ATT's plain mean): within
    3 clustered standard errors (about 0.012 here, so 0.035, where 0.5 * delta = 0.04 was
    asserted before; seeds 42, 7 and 1 give |z| = 0.65, 0.72, 1.03). No effect before the policy:
    the placebo post-2013 slope is within 3 of its standard errors of 0."""
    d = _ksw_quality(raw, truth)
    did, se = _twfe(d, d.treat.to_numpy() & (d.year >= truth["policy_year"]).to_numpy())
    assert 0.005 < se < 0.03, se                       # the precision the tolerance rests on
    assert abs(did - truth["att"]) < 3 * se, (did, truth["att"], se)
    pre = d[d.year < truth["policy_year"]].reset_index(drop=True)
    placebo, se_placebo = _twfe(pre, pre.treat.to_numpy() & (pre.year >= 2013).to_numpy())
    assert 0.005 < se_placebo < 0.03, se_placebo
    assert abs(placebo) < 3 * se_placebo, (placebo, se_placebo)


# --- tariffs, WDI, IFR --------------------------------------------------------------------

def test_tariff_concordance_rule_recovers_the_true_tariff(raw):
    """Simple average of native lines per HS96 code (a line linked to several codes applies
    to each) equals the true duty, for every published reporter-year."""
    conc = _seed("hs_concordance_demo")
    links = defaultdict(list)
    for r in conc.itertuples():
        links[(r.from_nomen, r.from_code)].append(r.to_code)
    products = pd.read_csv(raw / "baci/product_codes_HS96_V202401b.csv", dtype=str).code
    import synthetic.macro.countries as ctry  # noqa: E401
    import synthetic.macro.products as prod
    from synthetic.scales import get_scale
    sc = get_scale("tiny")
    prods = prod.select(prod.universe(), sc)
    tariffs = Tariffs(SEED, ctry.china_partners(ctry.load(), sc), prods)
    pos = {c: i for i, c in enumerate(prods.code)}
    unmapped = 0
    for y in YEARS:
        f = next((raw / "tariffs").glob(f"*_MFN_{y}.csv"))
        w = pd.read_csv(f, dtype=str, keep_default_na=False)
        assert (w["Selected Nomen"] == w["Native Nomen"]).all()
        assert (w.DutyType == "MFN").all() and (w.Partner == "WLD").all()
        assert "EUN" in set(w.Reporter)
        expected = "H3" if y <= 2011 else "H4" if y <= 2016 else "H5"
        assert (w["Native Nomen"] == expected).mean() > 0.5
        assert w["Native Nomen"].isin(["H3", "H4", "H5"]).all()
        tau = tariffs.tau(y)
        for (rep, nomen), g in w.groupby(["Reporter", "Native Nomen"]):
            acc = defaultdict(list)
            for code, duty in zip(g.Product, g["Simple Average"].astype(float)):
                # links to HS96 codes outside this scale's products are real but unused
                targets = [t for t in links.get((nomen, code), [code]) if t in pos]
                unmapped += not targets
                for t in targets:
                    acc[t].append(duty)
            k = list(tariffs.reporters).index(rep)
            assert set(acc) == set(products)
            for code, duties in acc.items():
                assert np.mean(duties) == pytest.approx(tau[k, tariffs.comp[pos[code]]], abs=1e-9)
    assert unmapped > 0


def test_products_are_the_real_code_list_and_the_seed_links_only_them():
    """Product codes are structure: real HS96 codes of synthetic/data/hs96_real_codes.csv, the
    same at every call, one code under every prefix the product seeds name; the demo
    concordance links only those codes (H2..H5), so every native line maps back."""
    import synthetic.macro.products as prod
    from synthetic.scales import SCALES

    real = pd.read_csv(ROOT / "synthetic/data/hs96_real_codes.csv", dtype=str).code
    assert real.str.fullmatch(r"\d{6}").all() and real.is_unique and 900 <= len(real) <= 1100
    u = prod.universe()
    assert list(u.code) == sorted(real) and u.equals(prod.universe())
    conc = _seed("hs_concordance_demo")
    assert set(conc.from_nomen) == {"H2", "H3", "H4", "H5"}
    assert set(conc.to_code) <= set(real) and not conc.duplicated(["from_nomen", "from_code", "to_code"]).any()
    for name in ("hs96_ifr_industry", "hs96_lall_demo"):   # (a few prefixes of other seeds,
        for p in _seed(name).hs_prefix:                     # e.g. 8487, are not HS1996 codes)
            assert real.str.startswith(p).any(), (name, p)
    for sc in SCALES.values():
        s = prod.select(u, sc)
        assert len(s) == (sc.n_products or len(real)) and set(prod.EXAMPLES) <= set(s.code)
        comp, lines = prod.tariff_links(s)
        for v, g in lines.items():   # each product is reached by a line of its vintage
            assert set(g["product"]) <= set(range(len(s))) and g.native.is_unique
            assert set(s.code) <= set(g.native) | set(conc.loc[conc.from_nomen == v, "to_code"])


def test_tariffs_are_published_for_about_half_of_reporter_years(truth):
    t = truth["tariffs"]
    assert 0.35 < t["published_reporter_year_share"] < 0.8
    assert 0.1 < t["zero_share"] < 0.3 and 2 < t["median_percent"] < 6


def test_wdi_economies_and_indicators(raw):
    wdic = pd.read_csv(raw / "wdi/WDICountry.csv", dtype=str, keep_default_na=False)
    data = pd.read_csv(raw / "wdi/WDIData.csv", dtype=str, keep_default_na=False)
    assert data.columns[-1].startswith("Unnamed") and (data.iloc[:, -1] == "").all()
    assert "TWN" not in set(wdic["Country Code"])
    agg = wdic[wdic["Country Code"].isin(["WLD", "EUU", "HIC"])]
    assert len(agg) == 3 and (agg.Region == "").all()
    assert set(wdic.loc[wdic.Region != "", "Income Group"]) == {
        "Low income", "Lower middle income", "Upper middle income", "High income"}
    countries = pd.read_csv(raw / "baci/country_codes_V202401b.csv", dtype=str,
                            keep_default_na=False)
    china_partners = set(_baci(raw).query("i == '156'").j)
    iso = countries.set_index("country_code").country_iso3
    assert {iso[j] for j in china_partners} - {"S19"} <= set(wdic["Country Code"])
    v = data.set_index(["Country Code", "Indicator Code"])
    assert (v.loc[:, ["1960", "2004", "2022", "2023"]] == "").all().all()
    assert float(v.loc[("CHN", "PA.NUS.FCRF"), "2010"]) == pytest.approx(6.77)
    assert v.loc[("FRA", "PA.NUS.FCRF"), "2012"] == v.loc[("DEU", "PA.NUS.FCRF"), "2012"]
    assert float(v.loc[("USA", "PA.NUS.FCRF"), "2010"]) == 1.0
    defl = v.xs("NY.GDP.DEFL.ZS", level=1)
    base_not_2010 = [c for c in defl.index if c in {iso[j] for j in china_partners}
                     and any(defl.loc[c, str(y)] != "" and float(defl.loc[c, str(y)]) == 100
                             for y in (2005, 2015))]
    assert base_not_2010, "some importer's deflator base year is not 2010"
    cells = v.loc[:, [str(y) for y in range(2005, 2022)]]
    assert 0.005 < (cells == "").to_numpy().mean() < 0.06
    assert {"NY.GDP.MKTP.CD", "NY.GDP.PCAP.CD", "NY.GDP.DEFL.ZS", "PA.NUS.FCRF",
            "NE.EXP.GNFS.CD", "NE.IMP.GNFS.CD", "IT.NET.USER.ZS",
            "SP.POP.TOTL"} == set(data["Indicator Code"])


def test_ifr_treatment_pattern(raw, truth):
    d = pd.read_csv(raw / "ifr/ifr_world_robotics.csv", dtype={"industry_code": str})
    assert set(d.industry_code) == set(_seed("ifr_industries").ifr_code)
    chn = d[d.country == "CHN"].set_index(["industry_code", "year"])
    for code in truth["control_ifr_industries"]:
        assert not (chn.loc[code, ["installations", "operational_stock"]].fillna(0) > 0).any().any()
    for code in truth["treated_ifr_industries"]:
        assert (chn.loc[code, "installations"].loc[2014:] > 0).all(), code
    early = chn.xs(2008, level=1).installations       # almost all unspecified before 2011
    assert early["99"] > 0.9 * (early["99"] + early.drop(["99", "D", "19-22"]).fillna(0).sum())
    parts = chn.loc[["19", "20-21", "22"]].installations.groupby(level=1).sum(min_count=1)
    assert (chn.loc["19-22"].installations.loc[2011:] == parts.loc[2011:]).all()
    assert (d.drop(columns=["installations", "operational_stock"]).duplicated().sum()) == 0
