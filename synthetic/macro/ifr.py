"""IFR World Robotics: installations and operational stock by country x industry x year.

China uses robots in the treated IFR industries (products.TREATED_IFR) and never in the
control ones (zero or blank every year), which is what defines treat_h downstream. As in the
real data, China's early deliveries are mostly `99` (unspecified): all of them 2000-2004,
almost all 2005-2010, partly 2011-2013, little from 2014. Stocks follow IFR's 12-year service
life from synthetic 1993-1999 deliveries (the initial stock). `19-22` and `D` are aggregates
of their leaves. The file covers 2000-2020 (the firm-level studies start in 2000); the
2005-2020 values do not depend on the years written.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from synthetic import seeds
from synthetic.macro.products import CONTROL_IFR, TREATED_IFR
from synthetic.streams import rng

YEARS = np.arange(2000, 2021)             # written to the file
HISTORY = np.arange(1993, 2000)           # deliveries before the file: the initial stock
SERVICE_LIFE = 12
COUNTRIES = {"CHN": "China", "DEU": "Germany", "JPN": "Japan", "KOR": "Republic of Korea",
             "USA": "United States"}
# installations (units): China's are close to the published totals; others rough levels
CHN_TOTAL = [4461, 5770, 6581, 7879, 5525, 14978, 22577, 22987, 36560, 57096, 68556, 87000,
             137920, 154032, 140492, 168377]
OTHER_2010 = {"DEU": 14000, "JPN": 22000, "KOR": 23500, "USA": 16000}
SHARE = {"26-27": 0.30, "29": 0.30, "25": 0.08, "22": 0.06, "28": 0.05, "24": 0.05,
         "19": 0.025, "20-21": 0.02, "23": 0.02, "30": 0.01, "E": 0.005, "F": 0.005, "P": 0.005,
         "10-12": 0.03, "13-15": 0.005, "16": 0.005, "17-18": 0.005, "91": 0.01, "A-B": 0.002,
         "C": 0.002, "90": 0.01}
CHN_EARLY = ("29", "26-27", "25", "22")           # the few allocated before 2011
CHN_ALLOCATED = {2011: 0.3, 2012: 0.5, 2013: 0.7}  # allocated share; 0.03 before, 0.9+ after
AGGREGATES = {"19-22": ("19", "20-21", "22")}


def _installations(r, iso: str) -> dict[str, np.ndarray]:
    """Leaf industry -> installations 1993-2020 (NaN = not reported)."""
    years = np.concatenate([HISTORY, YEARS])
    if iso == "CHN":
        pre2005 = years[years < 2005]         # CHN_TOTAL starts in 2005
        total = np.concatenate([CHN_TOTAL[0] * 0.85 ** (2005 - pre2005), CHN_TOTAL])
        alloc = np.array([0.0 if y < 2005 else 0.03 if y <= 2010 else
                          CHN_ALLOCATED.get(int(y), min(0.95, 0.9 + 0.01 * (y - 2014)))
                          for y in years])
        leaves = [k for k in SHARE if k not in CONTROL_IFR]
    else:
        growth = 1.0 + 0.05 * (years - 2010) + r.normal(0, 0.08, len(years))
        total = OTHER_2010[iso] * np.maximum(growth, 0.3)
        alloc = np.full(len(years), 0.95)
        leaves = list(SHARE)
    w = np.array([SHARE[k] for k in leaves])[:, None] * np.exp(
        r.normal(0, 0.15, (len(leaves), len(years))))
    if iso == "CHN":   # before 2011 only a few industries are reported at all
        early = np.array([k in CHN_EARLY for k in leaves])[:, None] & (years <= 2010)[None, :]
        w = np.where(early | (years > 2010)[None, :], w, np.nan)
    w = w / np.nansum(w, axis=0)                    # each year's allocated robots sum up
    out = {}
    for n, k in enumerate(leaves):
        x = np.rint(total * alloc * w[n])
        out[k] = np.where(years >= 2011, np.maximum(x, 1), x) if iso == "CHN" else x
    allocated = np.nansum(np.array(list(out.values())), axis=0)
    out["99"] = np.maximum(np.rint(total - allocated), 0)
    if iso == "CHN":
        for k in CONTROL_IFR:
            out[k] = np.where(years <= 2010, np.nan, 0.0)
    return out


def china_installations(seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Years 1993-2020 and China's installations by leaf industry code (NaN = not reported),
    exactly the series behind the file (stock = operational_stock(x))."""
    return np.concatenate([HISTORY, YEARS]), _installations(rng(seed, "ifr", "CHN"), "CHN")


def operational_stock(x: np.ndarray) -> np.ndarray:
    return _stock(x)


def _stock(x: np.ndarray) -> np.ndarray:
    """IFR convention: robots are withdrawn 12 years after installation."""
    z = np.nan_to_num(x)
    c = np.concatenate([[0.0], np.cumsum(z)])
    n = np.arange(len(z))
    s = c[n + 1] - c[np.maximum(n + 1 - SERVICE_LIFE, 0)]
    return np.where(np.isnan(x) & (s == 0), np.nan, s)


def write(out: Path, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    names = {r["ifr_code"]: r["ifr_name"] for r in seeds.seed("ifr_industries")}
    manuf = [r["ifr_code"] for r in seeds.seed("ifr_industries")
             if r["parent_code"] in ("D", "19-22")]
    assert set(TREATED_IFR) | set(CONTROL_IFR) <= set(names)
    cell = lambda x: "" if np.isnan(x) else str(int(x))  # noqa: E731
    with open(out / "ifr_world_robotics.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["country", "country_name", "industry_code", "industry_name", "year",
                    "installations", "operational_stock"])
        for iso, cname in COUNTRIES.items():
            inst = _installations(rng(seed, "ifr", iso), iso)
            stock = {k: _stock(v) for k, v in inst.items()}
            for agg, parts in [*AGGREGATES.items(), ("D", manuf)]:
                for d in (inst, stock):
                    arr = np.array([d[p] for p in parts if p in d])
                    d[agg] = np.where(np.isnan(arr).all(axis=0), np.nan, np.nansum(arr, axis=0))
            k0 = len(HISTORY)
            for code in names:
                for n, y in enumerate(YEARS):
                    w.writerow([iso, cname, code, names[code], int(y),
                                cell(inst[code][k0 + n]), cell(stock[code][k0 + n])])
