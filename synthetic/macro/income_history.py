"""World Bank income-group history (OGHIST.xlsx) of the synthetic universe.

Like the real classification it is fixed data, not drawn from the run seed: each economy's
current group (countries.csv) holds back to 1987, except for a fixed quarter of the H/UM/LM
economies that were one group lower until a switch year. The planted income heterogeneity
(quality_dgp) uses the group in REFERENCE_YEAR, the warehouse's default reference year, so a
split on the current group would mix in the movers.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from synthetic.streams import rng

REFERENCE_YEAR = 2010          # dbt var apq_income_reference_year
FIRST, LAST = 1987, 2022       # calendar years of data (fiscal years FY89 .. FY24)
LOWER = {"H": "UM", "UM": "LM", "LM": "L"}
MOVER_SHARE = 0.25
THRESHOLDS = [("Low income (L)", "<= 1,135"), ("Lower middle income (LM)", "1,136-4,465"),
              ("Upper middle income (UM)", "4,466-13,845"), ("High income (H)", "> 13,845")]


def history(countries: pd.DataFrame) -> pd.DataFrame:
    """Group per economy (rows, iso3 order of `countries`) and calendar year (columns)."""
    r = rng(0, "income_history")                       # fixed: the classification is data
    years = list(range(FIRST, LAST + 1))
    current = countries.income.to_numpy()
    mover = (r.random(len(countries)) < MOVER_SHARE) & np.isin(current, list(LOWER))
    switch = r.integers(2003, LAST + 1, len(countries))
    grid = np.array([[LOWER[c] if m and y < s else c for y in years]
                     for c, m, s in zip(current, mover, switch)], dtype=object)
    return pd.DataFrame(grid, index=countries.iso3.to_numpy(), columns=years)


def reference_group(countries: pd.DataFrame, year: int = REFERENCE_YEAR) -> np.ndarray:
    return history(countries)[year].reindex(countries.iso3).to_numpy()


def write(out_dir: Path, countries: pd.DataFrame) -> Path:
    """OGHIST.xlsx in the World Bank layout: title block, fiscal-year row, the 'Data for
    calendar year :' header row, threshold rows, then one row per economy."""
    hist = history(countries)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Country Analytical History"
    ws.append(["World Bank Analytical Classifications (synthetic universe)"])
    ws.append(["GNI per capita in US$ (Atlas methodology)"])
    ws.append([])
    ws.append(["Bank's fiscal year:", None] + [f"FY{(y + 2) % 100:02d}" for y in hist.columns])
    ws.append(["Data for calendar year :", None] + list(hist.columns))
    for label, band in THRESHOLDS:
        ws.append([label, None] + [band] * len(hist.columns))
    ws.append([])
    names = dict(zip(countries.iso3, countries.name))
    for iso3, row in hist.sort_index().iterrows():
        ws.append([iso3, names[iso3]] + list(row))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "OGHIST.xlsx"
    wb.properties.created = dt.datetime(2023, 7, 1)
    wb.save(path)
    _pin_write_times(path)
    return path


def _pin_write_times(path: Path) -> None:
    """An .xlsx is a zip whose entries carry the write time, and openpyxl stamps the save time
    into docProps/core.xml: pin both so the same seed gives byte-identical files."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2023-07-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2023, 7, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, data)
