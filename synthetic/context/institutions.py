"""Provincial institutions and destinations' digital readiness:

- marketisation index (王小鲁, 樊纲 & 胡李鹏《中国分省份市场化指数报告(2018)》, table
  "各地区市场化总指数评分"): one row per province (short name as printed), one column per year
  2008-2016, scores about 2-11;
- IPR development index (《中国知识产权发展状况评价报告》, one file per data year): the
  composite index and its creation, use, protection and environment sub-indices (0-100);
- WEF Networked Readiness Index as served by TCdata360 (World Bank): one row per economy x
  indicator x attribute (Value 1-7 / Rank), one column per GITR edition year 2008-2016; about
  140 economies covered.

None of them enters the export DGP: the IPR and NRI splits of paper 002 have no planted
difference (the effect of digital patents on quality is the same everywhere).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.macro import countries as ctry
from synthetic.provinces.geography import PROVINCES
from synthetic.streams import rng

MARKET_YEARS = range(2008, 2017)
IPR_YEARS = range(2008, 2016)
NRI_YEARS = range(2008, 2017)
IPR_PARTS = ("知识产权创造指数", "知识产权运用指数", "知识产权保护指数", "知识产权环境指数")


def _rich() -> np.ndarray:
    x = np.log([p.pgdp_2010 for p in PROVINCES])
    return (x - x.mean()) / x.std()


def marketization(seed: int) -> pd.DataFrame:
    r = rng(seed, "context", "marketization")
    n = len(PROVINCES)
    level = 6.0 + 1.6 * _rich() + 0.6 * np.array([p.coast for p in PROVINCES]) * 5 + r.normal(0, 0.5, n)
    trend = 0.18 + r.normal(0, 0.05, n)
    out = {"地区": [p.short for p in PROVINCES]}
    for y in MARKET_YEARS:
        out[str(y)] = np.round(np.clip(level + trend * (y - 2012) + r.normal(0, 0.12, n), 0.5, None), 2)
    df = pd.DataFrame(out)
    df.loc[df["地区"] == "西藏", "2008"] = np.nan            # printed as '—' in the report
    return df


def ipr(seed: int, year: int) -> pd.DataFrame:
    r = rng(seed, "context", "ipr", year)
    base = rng(seed, "context", "ipr", "base")
    n = len(PROVINCES)
    lvl = 55.0 + 12.0 * _rich() + base.normal(0, 4.0, n)
    parts = {k: np.round(np.clip(lvl + 1.2 * (year - 2008) + base.normal(0, 3.0, n) + r.normal(0, 1.5, n),
                                 10, 99), 2) for k in IPR_PARTS}
    total = np.round(np.mean([parts[k] for k in IPR_PARTS], axis=0), 2)
    return pd.DataFrame({"地区": [p.full for p in PROVINCES], "知识产权综合发展指数": total, **parts})


def nri(seed: int) -> pd.DataFrame:
    c = ctry.load().sort_values("iso3").reset_index(drop=True)
    r = rng(seed, "context", "nri")
    n = len(c)
    covered = ((c.pop_2010_m.to_numpy() > 1.0) & (r.random(n) < 0.8)) | (c.gdppc_2010.to_numpy() > 20000)
    score = 3.2 + 0.55 * np.log(c.gdppc_2010.to_numpy() / 4000.0) + r.normal(0, 0.3, n)
    value, rank = {}, {}
    for y in NRI_YEARS:
        v = np.clip(score + 0.03 * (y - 2012) + r.normal(0, 0.08, n), 1.0, 7.0)
        v = np.round(np.where(covered & (r.random(n) < 0.97), v, np.nan), 2)
        value[str(y)] = np.where(np.isnan(v), "", np.char.mod("%.2f", np.nan_to_num(v)))
        rk = pd.Series(v).rank(ascending=False, method="min").to_numpy()
        rank[str(y)] = np.where(np.isnan(rk), "", np.char.mod("%d", np.nan_to_num(rk).astype(int)))
    head = {"Country ISO3": c.iso3, "Country Name": c.name, "Indicator": "Networked Readiness Index"}
    df = pd.concat([pd.DataFrame({**head, "Indicator Id": 24574, "Subindicator Type": "Value", **value}),
                    pd.DataFrame({**head, "Indicator Id": 24574, "Subindicator Type": "Rank", **rank})],
                   ignore_index=True)
    cols = ["Country ISO3", "Country Name", "Indicator Id", "Indicator", "Subindicator Type",
            *[str(y) for y in NRI_YEARS]]
    return df.sort_values(["Country ISO3", "Subindicator Type"], kind="mergesort")[cols].reset_index(drop=True)
