"""City statistical yearbooks (《中国城市统计年鉴》, EPS long export): one file per data year,
1984 and 2006-2015, for every prefecture-level city of the firm universe.

    cities/city_yearbook_{year}.csv   行政区划代码,地区,年份,指标,单位,数值,范围

`范围` is the yearbook's scope: 全市 (the whole city, counties included) or 市辖区 (urban
districts only; printed for population and GDP as distractors). Units change across years as in
the yearbooks (broadband subscribers in 户 until 2009, 万户 from 2010).

Planted: the 1984 post-and-telecom base (邮电业务总量, 电话机数, population) is a city trait
independent of the firms; broadband subscribers grow with a city trend and, by elasticity
BROADBAND_PATENT_ELASTICITY, with the digital invention applications the city's firms file the
*next* year. The generator cannot make patents respond to broadband (the firm dynamics are
shared with every study), so it plants the instrument's relevance the other way round; the
applications are Poisson draws independent of every quality shock, so IV_Post = Post1984 x
ln(broadband_{t-1}) is a valid instrument for Digtech and the IV estimand is the planted
delta_patent.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms import geography
from synthetic.provinces.geography import PROVINCES
from synthetic.streams import rng

YEARS = range(2006, 2016)
HISTORY_YEAR = 1984
BROADBAND_PATENT_ELASTICITY = 1.0
MISSING_1984_SHARE = 0.08           # cities without prefecture status in 1984 (not printed)
USD = {2006: 7.9718, 2007: 7.6040, 2008: 6.9451, 2009: 6.8310, 2010: 6.7695, 2011: 6.4588,
       2012: 6.3125, 2013: 6.1932, 2014: 6.1428, 2015: 6.2284}


class CityBook:
    """City fundamentals (arrays over cities x YEARS) and the 1984 base."""

    def __init__(self, seed: int):
        c = geography.cities().reset_index(drop=True)
        self.c = c
        self.code = (c.city_code.astype(str) + "00").to_numpy()
        n, t = len(c), len(YEARS)
        r = rng(seed, "context", "cities", "economy")
        prov = {p.code[:2]: p for p in PROVINCES}
        ppgdp = np.array([prov[str(pc).zfill(2)].pgdp_2010 for pc in c.province_code])
        coast = np.array([prov[str(pc).zfill(2)].coast for pc in c.province_code])
        self.pop = (250.0 + 300.0 * c.weight.to_numpy() * np.exp(r.normal(0, 0.3, n)))[:, None] \
            * 1.006 ** (np.arange(t) - 4)[None, :]
        years = np.array(list(YEARS))
        growth = 12.0 - 0.45 * (years - 2006)[None, :] - 2.0 * (years == 2009)[None, :] + r.normal(0, 1.2, (n, t))
        infl = 3.0 + r.normal(0, 1.0, (n, t))
        ln_nominal = np.cumsum(np.log1p((growth + infl) / 100.0), axis=1)
        ln_nominal -= ln_nominal[:, [4]]                     # 2010 = level below
        pgdp = ppgdp * np.exp(0.25 + r.normal(0, 0.25, n))
        self.gdp = (pgdp * self.pop[:, 4] / 1.0)[:, None] * np.exp(ln_nominal)   # 万元 (pop in 万人 x 元)
        self.growth = np.round(growth, 1)
        openness = np.clip(coast * 2.2 * np.exp(r.normal(0, 0.4, n)), 0.03, 1.8)
        self.trade = self.gdp * openness[:, None] * np.exp(r.normal(0, 0.08, (n, t))) \
            / np.array([USD[y] for y in YEARS])[None, :]               # 万美元
        self.bb_base = np.log(0.15 * self.pop[:, 4]) + r.normal(0, 0.3, n)           # ln 万户 2010
        self.bb_trend = 0.22 + r.normal(0, 0.04, n)
        self.bb_noise = r.normal(0, 0.05, (n, t))
        h = rng(seed, "context", "cities", "1984")
        self.pop1984 = self.pop[:, 4] * np.exp(h.normal(-0.28, 0.08, n))
        z = h.standard_normal((n, 2))
        self.post_pc = np.exp(np.log(9.0) + 0.5 * z[:, 0] + 0.4 * (coast - coast.mean()))     # 元/人
        self.phone_per100 = np.exp(np.log(0.9) + 0.5 * (0.8 * z[:, 0] + 0.6 * z[:, 1]))
        self.in_1984 = h.random(n) >= MISSING_1984_SHARE

    def broadband(self, patents_next: np.ndarray) -> np.ndarray:
        """万户, cities x YEARS; patents_next[c, k] = the city's digital invention applications in
        YEARS[k] + 1."""
        t = np.arange(len(YEARS)) - 4
        ln_bb = (self.bb_base[:, None] + self.bb_trend[:, None] * t[None, :] - 0.01 * t[None, :] ** 2
                 + BROADBAND_PATENT_ELASTICITY * np.log1p(patents_next) + self.bb_noise)
        return np.exp(ln_bb)

    def rows(self, patents_next: np.ndarray, seed: int) -> dict[int, pd.DataFrame]:
        """File frames by year (cities sorted by code)."""
        r = rng(seed, "context", "cities", "printing")
        names = self.c.city_name.to_numpy().astype(object)
        bb = self.broadband(patents_next)
        files = {}
        h_rows = []
        for i in np.flatnonzero(self.in_1984):
            name = names[i] if r.random() < 0.5 else names[i] + "市"
            h_rows += [(self.code[i], name, HISTORY_YEAR, "年末总人口", "万人", f"{self.pop1984[i]:.2f}", "全市"),
                       (self.code[i], name, HISTORY_YEAR, "邮电业务总量", "万元",
                        f"{self.post_pc[i] * self.pop1984[i]:.1f}", "全市"),
                       (self.code[i], name, HISTORY_YEAR, "电话机数", "部",
                        f"{self.phone_per100[i] / 100 * self.pop1984[i] * 1e4:.0f}", "全市")]
        files[HISTORY_YEAR] = h_rows
        for k, y in enumerate(YEARS):
            rows = []
            for i in range(len(names)):
                name = names[i] + "市"
                city = []
                bb_val = f"{bb[i, k] * 1e4:.0f}" if y <= 2009 else f"{bb[i, k]:.2f}"
                city += [(self.code[i], name, y, "年末总人口", "万人", f"{self.pop[i, k]:.2f}", "全市"),
                         (self.code[i], name, y, "年末总人口", "万人", f"{0.45 * self.pop[i, k]:.2f}", "市辖区"),
                         (self.code[i], name, y, "地区生产总值", "万元", f"{self.gdp[i, k]:.0f}", "全市"),
                         (self.code[i], name, y, "地区生产总值", "万元", f"{0.62 * self.gdp[i, k]:.0f}", "市辖区"),
                         (self.code[i], name, y, "地区生产总值增长率", "%", f"{self.growth[i, k]:.1f}", "全市"),
                         (self.code[i], name, y, "货物进出口总额", "万美元", f"{self.trade[i, k]:.0f}", "全市"),
                         (self.code[i], name, y, "互联网宽带接入用户数", "户" if y <= 2009 else "万户", bb_val, "全市")]
                if r.random() < 0.03:                    # a value the yearbook did not publish
                    city[1] = city[1][:5] + ("…",) + city[1][6:]
                rows += city
            files[y] = rows
        cols = ["行政区划代码", "地区", "年份", "指标", "单位", "数值", "范围"]
        return {y: pd.DataFrame(v, columns=cols) for y, v in files.items()}
