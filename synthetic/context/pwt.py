"""Penn World Table 10.0 (`pwt100.xlsx`): the workbook as GGDC distributes it, sheets `Info`,
`Legend` and `Data`; `Data` has one row per country x year with the PWT variable names.

Exchange rates (`xr`, national currency per USD, market rate) are the macro family's WDI paths
(PWT takes them from the same IMF source), so the paper's XR = xr_dest / xr_CHN is the RMB price
of the destination currency's inverse, as in the WDI file. The other variables are written for
realism (PPP GDP, population, employment, human capital, price level) and unused.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.macro import countries as ctry
from synthetic.macro.income_history import _pin_write_times
from synthetic.macro.wdi import MACRO_YEARS, macro_paths
from synthetic.streams import rng

YEARS = range(2005, 2020)                # PWT 10.0 ends in 2019
COLUMNS = ["countrycode", "country", "currency_unit", "year", "rgdpe", "rgdpo", "pop", "emp", "hc",
           "xr", "pl_gdpo", "csh_x", "csh_m"]
LEGEND = [("countrycode", "3-letter ISO country code"), ("country", "Country name"),
          ("currency_unit", "Currency unit"), ("year", "Year"),
          ("rgdpe", "Expenditure-side real GDP at chained PPPs (in mil. 2017US$)"),
          ("rgdpo", "Output-side real GDP at chained PPPs (in mil. 2017US$)"),
          ("pop", "Population (in millions)"), ("emp", "Number of persons engaged (in millions)"),
          ("hc", "Human capital index, based on years of schooling and returns to education"),
          ("xr", "Exchange rate, national currency/USD (market+estimated)"),
          ("pl_gdpo", "Price level of CGDPo (PPP/XR), price level of USA GDPo in 2017=1"),
          ("csh_x", "Share of merchandise exports at current PPPs"),
          ("csh_m", "Share of merchandise imports at current PPPs")]


def frame(seed: int) -> pd.DataFrame:
    c = ctry.load()
    paths = macro_paths(c, seed)
    r = rng(seed, "context", "pwt")
    n = len(c)
    level = np.clip(np.exp(0.35 * np.log(c.gdppc_2010.to_numpy() / 60000.0) + r.normal(0, 0.1, n)), 0.2, 1.6)
    hc = np.clip(1.5 + 0.35 * np.log(c.gdppc_2010.to_numpy() / 500.0) + r.normal(0, 0.2, n), 1.1, 3.8)
    rows = []
    for j, year in enumerate(MACRO_YEARS):
        if year not in YEARS:
            continue
        gdp = paths["gdp"][:, j] / 1e6
        pop = paths["pop"][:, j] / 1e6
        rows.append(pd.DataFrame({
            "countrycode": c.iso3, "country": c.name, "currency_unit": c.currency_unit, "year": int(year),
            "rgdpe": np.round(gdp / level, 3), "rgdpo": np.round(gdp / level * np.exp(r.normal(0, 0.02, n)), 3),
            "pop": np.round(pop, 6), "emp": np.round(pop * np.clip(r.normal(0.45, 0.05, n), 0.25, 0.65), 6),
            "hc": np.round(hc + 0.01 * (year - 2010), 6), "xr": np.round(paths["fx"][:, j], 6),
            "pl_gdpo": np.round(level, 6),
            "csh_x": np.round(paths["exp"][:, j] / paths["gdp"][:, j] * level, 6),
            "csh_m": np.round(-paths["imp"][:, j] / paths["gdp"][:, j] * level, 6)}))
    out = pd.concat(rows, ignore_index=True)[COLUMNS]
    return out.sort_values(["countrycode", "year"], kind="mergesort").reset_index(drop=True)


def write(path: Path, seed: int) -> int:
    """pwt100.xlsx with the three sheets; returns the number of Data rows."""
    from openpyxl import Workbook

    df = frame(seed)
    wb = Workbook()
    info = wb.active
    info.title = "Info"
    for row in (["Penn World Table, version 10.0"], ["Released 2021-06-18 (synthetic universe)"],
                ["When using these data, please refer to Feenstra, Inklaar and Timmer (2015)"]):
        info.append(row)
    leg = wb.create_sheet("Legend")
    leg.append(["Variable name", "Variable definition"])
    for row in LEGEND:
        leg.append(list(row))
    data = wb.create_sheet("Data")
    data.append(COLUMNS)
    for rec in df.itertuples(index=False):
        data.append([None if isinstance(v, float) and not np.isfinite(v) else v for v in rec])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.created = dt.datetime(2021, 6, 18)
    wb.save(path)
    _pin_write_times(path)
    return len(df)
