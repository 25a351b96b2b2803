"""The context sources of paper 002 (family "context"): determinism, nothing else changes, the
raw layouts the registry expects, and the planted instrument (broadband responds to the city's
next-year digital applications) read back from the raw files."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from synthetic import generate
from synthetic.context import cities
from synthetic.macro import countries as ctry
from synthetic.macro.wdi import MACRO_YEARS, macro_paths
from tradewh.landing.sources_context import CONTEXT_SOURCES

SEED = 11
DIRS = ("cepii", "pwt", "institutions", "wef", "cities", "supply_chain", "truth_context")


@pytest.fixture(scope="module")
def universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("context")
    generate("tiny", SEED, base / "a", families=["context"])
    generate("tiny", SEED, base / "b", families=["context"])
    generate("tiny", SEED + 1, base / "c", families=["context"])
    generate("tiny", SEED, base / "d", families=["firms", "records"])
    generate("tiny", SEED, base / "e", families=["firms", "records", "context"])
    return base


def _digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_same_seed_same_bytes_and_other_families_untouched(universes):
    a, b, c, d, e = (universes / k for k in "abcde")
    files = sorted(p.relative_to(a) for k in DIRS for p in (a / k).iterdir())
    assert len(files) == 1 + 1 + 9 + 1 + 11 + 9 + 2
    assert all(_digest(a / f) == _digest(b / f) for f in files)
    assert _digest(a / "cities/city_yearbook_2010.csv") != _digest(c / "cities/city_yearbook_2010.csv")
    # the firm and record families write the same bytes whether or not the context family runs
    others = sorted(p.relative_to(d) for p in d.rglob("*") if p.is_file() and p.name != "truth.json")
    assert others and all(_digest(d / f) == _digest(e / f) for f in others)
    truth = json.loads((e / "truth.json").read_text())["studies"]["digital_patents_quality"]
    assert truth["delta_patent"] > 0 and truth["context"]["iv"]["estimand"] == "delta_patent"


def test_headers_are_the_registered_layouts(universes):
    from tradewh.landing.land import find_files

    a = universes / "a"
    for src in CONTEXT_SOURCES:
        files = find_files(a, src)
        assert files, src.name
        for f in files:
            if f.suffix == ".xlsx":
                from openpyxl import load_workbook

                wb = load_workbook(f, read_only=True)
                assert wb.sheetnames == ["Info", "Legend", "Data"]
                header = [c.value for c in next(wb["Data"].iter_rows(max_row=1))]
            else:
                header = pd.read_csv(f, nrows=0, encoding="utf-8").columns.tolist()
            assert set(src.required) <= set(header), (f.name, src.required, header)


def test_pwt_xr_is_the_wdi_exchange_rate(universes):
    pwt = pd.read_excel(universes / "a" / "pwt" / "pwt100.xlsx", sheet_name="Data")
    c = ctry.load()
    fx = macro_paths(c, SEED)["fx"]
    j = list(MACRO_YEARS).index(2012)
    got = pwt[pwt.year == 2012].set_index("countrycode").xr.reindex(c.iso3).to_numpy()
    np.testing.assert_allclose(got, np.round(fx[:, j], 6), rtol=0, atol=1e-9)


def test_broadband_responds_to_next_year_applications(universes):
    a = universes / "a"
    code = {"行政区划代码": str}
    yb = pd.concat([pd.read_csv(a / f"cities/city_yearbook_{y}.csv", dtype=code) for y in cities.YEARS])
    bb = yb[yb["指标"] == "互联网宽带接入用户数"].copy()
    bb["v"] = bb["数值"].astype(float) * np.where(bb["单位"] == "户", 1e-4, 1.0)
    t = pd.read_csv(a / "truth_context/city_instruments.csv", dtype={"city_code": str})
    m = bb.merge(t, left_on=["行政区划代码", "年份"], right_on=["city_code", "year"])
    np.testing.assert_allclose(m.v, m.broadband_10k, rtol=1e-3)      # printed = truth (2 decimals)
    # within city, after a quadratic trend: ln bb on ln(1 + applications in t+1)
    m["ln_bb"], m["x"], m["t"] = np.log(m.v), np.log1p(m.digital_patents_next_year), m.year - 2010
    X = pd.get_dummies(m.city_code).astype(float)
    X = X.assign(x=m.x)
    for c in X.columns[:-1]:
        X[f"tr_{c}"] = X[c] * m.t
    X["t2"] = m.t ** 2
    b = np.linalg.lstsq(X.to_numpy(), m.ln_bb.to_numpy(), rcond=None)[0][list(X.columns).index("x")]
    assert abs(b - cities.BROADBAND_PATENT_ELASTICITY) < 0.05


def test_1984_base_and_supply_chain(universes):
    a = universes / "a"
    h = pd.read_csv(a / "cities/city_yearbook_1984.csv", dtype={"行政区划代码": str})
    assert set(h["指标"]) == {"年末总人口", "邮电业务总量", "电话机数"}
    n_cities = pd.read_csv(a / "cities/city_yearbook_2010.csv", dtype={"行政区划代码": str})["行政区划代码"].nunique()
    assert 0.8 * n_cities <= h["行政区划代码"].nunique() < n_cities     # some cities had no 1984 status
    sc = pd.read_csv(a / "supply_chain/top5_partners_2010.csv", dtype=str)
    truth = pd.read_csv(a / "truth_context/supply_chain.csv", dtype=str, keep_default_na=False)
    assert set(sc["关系"]) == {"客户", "供应商"} and sc["排名"].astype(int).between(1, 5).all()
    t10 = truth[truth.year == "2010"]
    assert len(t10) == len(sc) and (t10.counterparty_firm_uid != "").mean() > 0.4
