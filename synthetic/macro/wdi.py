"""World Bank WDI: true macro paths of every economy, and the bulk-download files.

The paths (GDP, population, deflator, exchange rate, trade, internet) are drawn once per run
seed for every economy in countries.csv, independently of the scale, so the same seed gives
the same WDI at every scale. BACI demand uses the *true* GDP path (before cells are blanked).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from synthetic import seeds
from synthetic.macro.countries import CHINA, INCOME, REGIONS, TAIWAN
from synthetic.streams import rng

MACRO_YEARS = np.arange(2005, 2022)               # years with values; file columns 1960-2023
FILE_YEARS = [str(y) for y in range(1960, 2024)]
# Real period-average rates: the euro area's and China's are public facts worth keeping.
EUR_PER_USD = [0.804, 0.797, 0.731, 0.684, 0.719, 0.755, 0.719, 0.778, 0.753, 0.754, 0.902,
               0.904, 0.887, 0.848, 0.893, 0.877, 0.845]
CNY_PER_USD = [8.194, 7.973, 7.608, 6.949, 6.831, 6.770, 6.461, 6.312, 6.196, 6.161, 6.227,
               6.644, 6.759, 6.616, 6.908, 6.901, 6.449]
INDICATORS = {                                     # code -> (name, key in paths)
    "NY.GDP.MKTP.CD": ("GDP (current US$)", "gdp"),
    "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "gdppc"),
    "NY.GDP.DEFL.ZS": ("GDP deflator (base year varies by country)", "defl"),
    "PA.NUS.FCRF": ("Official exchange rate (LCU per US$, period average)", "fx"),
    "NE.EXP.GNFS.CD": ("Exports of goods and services (current US$)", "exp"),
    "NE.IMP.GNFS.CD": ("Imports of goods and services (current US$)", "imp"),
    "IT.NET.USER.ZS": ("Individuals using the Internet (% of population)", "internet"),
    "SP.POP.TOTL": ("Population, total", "pop"),   # distractor: not used by the pipeline
}
# the series behind the panel's seven controls (lnpgdp, lngdp, open, lnexchange, lninternet)
CONTROL_KEYS = ("gdp", "gdppc", "defl", "fx", "exp", "imp", "internet")
# by income group H, UM, LM, L: real growth, inflation, population growth, internet midpoint
_GROWTH = {"H": 0.015, "UM": 0.035, "LM": 0.045, "L": 0.045}
_INFL = {"H": 0.015, "UM": 0.04, "LM": 0.06, "L": 0.08}
_POPG = {"H": 0.005, "UM": 0.009, "LM": 0.016, "L": 0.026}
_NET_MID = {"H": 2002.0, "UM": 2012.0, "LM": 2016.0, "L": 2024.0}
MISSING_SHARE = 0.03


def macro_paths(countries: pd.DataFrame, seed: int) -> dict[str, np.ndarray]:
    """True annual series, arrays of shape (economies, 2005-2021), rows as `countries`."""
    r = rng(seed, "wdi", "paths")
    n, ny = len(countries), len(MACRO_YEARS)
    inc = countries.income.to_numpy()
    t = MACRO_YEARS - 2010
    g = np.array([_GROWTH[i] for i in inc]) + r.normal(0, 0.01, n)
    is_chn = countries.iso3.to_numpy() == CHINA
    g[is_chn] = 0.068                                   # China: ~14.7 trillion USD by 2020
    shock = np.zeros(ny)
    shock[MACRO_YEARS == 2009], shock[MACRO_YEARS == 2020] = -0.035, -0.045
    shock[MACRO_YEARS == 2021] = 0.04
    growth = g[:, None] + shock[None, :] + r.normal(0, 0.02, (n, ny))
    pi_mean = np.array([_INFL[i] for i in inc]) * np.exp(r.normal(0, 0.3, n))
    pi_mean[is_chn] = 0.022
    infl = np.maximum(pi_mean[:, None] + r.normal(0, 0.015, (n, ny)), -0.01)

    # exchange rate (LCU per USD) by regime; floats drift with inflation over the US's 1.8%
    regime = countries.fx_regime.to_numpy()
    fx2010 = countries.lcu_per_usd_2010.to_numpy()
    eur, cny = np.array(EUR_PER_USD), np.array(CNY_PER_USD)
    dlog = (infl - 0.018) + r.normal(0, 0.05, (n, ny))
    dlog[:, t == 0] = 0.0
    float_path = fx2010[:, None] * np.exp(_cum_from_2010(dlog, t))
    fx = np.where((regime == "usd")[:, None] | (regime == "usdpeg")[:, None],
                  fx2010[:, None], float_path)
    fx = np.where((regime == "euro")[:, None], eur[None, :], fx)
    fx = np.where((regime == "eurpeg")[:, None], (fx2010 / eur[5])[:, None] * eur[None, :], fx)
    fx = np.where((regime == "cny")[:, None], cny[None, :], fx)

    # nominal USD GDP = real growth + inflation - depreciation, anchored at the 2010 level
    dln_fx = np.diff(np.log(fx), axis=1, prepend=np.log(fx[:, :1]))
    gdp = countries.gdp_2010.to_numpy()[:, None] * np.exp(
        _cum_from_2010(growth + infl - dln_fx, t))
    popg = np.array([_POPG[i] for i in inc]) + r.normal(0, 0.004, n)
    pop = countries.pop_2010_m.to_numpy()[:, None] * 1e6 * np.exp(popg[:, None] * t[None, :])
    base = countries.deflator_base_year.to_numpy()
    cum_pi = _cum_from_2010(infl, t)
    defl = 100.0 * np.exp(cum_pi - cum_pi[np.arange(n), base - MACRO_YEARS[0]][:, None])
    openness = countries.openness.to_numpy()[:, None] * np.exp(r.normal(0, 0.05, (n, ny)))
    exp_ = gdp * openness / 2 * np.exp(r.normal(0, 0.05, (n, 1)))
    imp = exp_ * np.exp(r.normal(0, 0.08, (n, ny)))
    mid = np.array([_NET_MID[i] for i in inc]) + r.normal(0, 2.0, n)
    internet = 97.0 / (1.0 + np.exp(-0.3 * (MACRO_YEARS[None, :] - mid[:, None])))
    return {"gdp": gdp, "gdppc": gdp / pop, "defl": defl, "fx": fx, "exp": exp_, "imp": imp,
            "internet": internet, "pop": pop}


def _cum_from_2010(d: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Log level relative to 2010 from annual log changes d[:, k] (change into year k)."""
    c = np.cumsum(d, axis=1)
    return c - c[:, t == 0]


def _aggregates(countries: pd.DataFrame, paths: dict) -> list[tuple[str, str, dict]]:
    eu = {r["iso3"] for r in seeds.seed("eu_members") if r["last_year"] == ""}
    groups = [("WLD", "World", np.full(len(countries), True)),
              ("EUU", "European Union", countries.iso3.isin(eu).to_numpy()),
              ("HIC", "High income", (countries.income == "H").to_numpy())]
    out = []
    for code, name, m in groups:
        s = {k: paths[k][m].sum(axis=0) for k in ("gdp", "exp", "imp", "pop")}
        s["gdppc"] = s["gdp"] / s["pop"]
        s["internet"] = (paths["internet"][m] * paths["pop"][m]).sum(axis=0) / s["pop"]
        s["defl"] = s["fx"] = np.full(len(MACRO_YEARS), np.nan)
        out.append((code, name, s))
    return out


def _q(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def write(out: Path, countries: pd.DataFrame, paths: dict, seed: int) -> dict:
    """wdi/WDIData.csv (wide, all fields quoted, trailing empty column) and wdi/WDICountry.csv.

    About 3% of cells are blank at random, except China's rows (every importer's exchange rate
    is expressed per CNY) and the 2010 deflator (the warehouse rebases to 2010 = 100).
    """
    out.mkdir(parents=True, exist_ok=True)
    r = rng(seed, "wdi", "missing")
    keep = (countries.iso3 != TAIWAN).to_numpy()
    rows = [(c.iso3, c.name, {k: v[i] for k, v in paths.items()})
            for i, c in enumerate(countries.itertuples()) if keep[i]]
    rows += _aggregates(countries, paths)
    rows.sort(key=lambda x: x[1])
    first = FILE_YEARS.index(str(MACRO_YEARS[0]))
    blank = 0
    # importer-years where every series the warehouse's controls use is printed (the truth's
    # "controls sample": panel rows with has_controls, given a published tariff schedule)
    controls_present = {}
    lines = [",".join(_q(h) for h in ["Country Name", "Country Code", "Indicator Name",
                                      "Indicator Code"] + FILE_YEARS) + ",\n"]
    for code, name, series in rows:
        for ind, (ind_name, key) in sorted(INDICATORS.items(), key=lambda kv: kv[1][0]):
            vals = [""] * len(FILE_YEARS)
            miss = r.random(len(MACRO_YEARS)) < MISSING_SHARE
            printed = np.zeros(len(MACRO_YEARS), dtype=bool)
            for k, x in enumerate(series[key]):
                protect = code == CHINA or (key == "defl" and MACRO_YEARS[k] == 2010)
                if np.isfinite(x) and not (miss[k] and not protect):
                    vals[first + k] = format(float(x), ".15g")
                    printed[k] = True
                elif np.isfinite(x):
                    blank += 1
            lines.append(",".join(_q(s) for s in [name, code, ind_name, ind] + vals) + ",\n")
            if key in CONTROL_KEYS:
                controls_present[code] = controls_present.get(code, True) & printed
    (out / "WDIData.csv").write_text("".join(lines), encoding="utf-8")
    _write_country(out, countries[keep], [(c, n) for c, n, _ in _aggregates(countries, paths)])
    return {"wdi_blank_cells": blank, "controls_present": controls_present}


def _write_country(out: Path, countries: pd.DataFrame, aggregates: list) -> None:
    header = ["Country Code", "Short Name", "Table Name", "Long Name", "2-alpha code",
              "Currency Unit", "Special Notes", "Region", "Income Group", "WB-2 code",
              "National accounts base year", "National accounts reference year",
              "Lending category", "Other groups"]
    lending = {"H": "", "UM": "IBRD", "LM": "Blend", "L": "IDA"}
    rows = []
    for c in countries.itertuples():
        euro = "Euro area" if c.fx_regime == "euro" else ""
        rows.append([c.iso3, c.name, c.name, c.name, c.iso2, c.currency_unit, "",
                     REGIONS[c.region], INCOME[c.income], c.iso2, str(c.deflator_base_year),
                     "", lending[c.income], euro])
    for code, name in aggregates:
        rows.append([code, name, name, name, "", "", f"{name} aggregate.", "", "", "", "", "",
                     "", ""])
    rows.sort(key=lambda x: x[0])
    text = ",".join(_q(h) for h in header) + ",\n"
    text += "".join(",".join(_q(s) for s in row) + ",\n" for row in rows)
    (out / "WDICountry.csv").write_text(text, encoding="utf-8")
