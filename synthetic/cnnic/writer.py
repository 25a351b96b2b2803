"""Provincial internet penetration as CNNIC's 《中国互联网络发展状况统计报告》 prints it:

    cnnic/cnnic_province_internet_{year}.csv     one file per data year (the report of the
                                                  following January, end-of-year figures)

Columns (UTF-8 with a byte-order mark, as saved from Excel): 省份 (short province name as the
report prints it; the national row 全国 first), 网民数（万人）, the penetration rate, 增速
(growth of the number of users on the previous year) and 普及率排名. The rate column is
`普及率(%)` with plain numbers in the reports of 2002-2005 and `互联网普及率` with a percent
sign (`45.3%`) from 2006 (docs/data-sources.md, "CNNIC provincial internet statistics").

What is planted: nothing depends on it. A province's rate follows a logistic diffusion path,
rate = 100 / (1 + exp(-(a_p + GROWTH (t - 2009)))), with a_p higher in richer provinces; users
= rate x the province's 2010 population grown at 0.5% a year. Draws come from the named
stream ("cnnic", ...), so no other family's file changes. Same for every scale.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from synthetic.provinces.geography import PROVINCES
from synthetic.streams import rng

STUDY = "trade_digitization_quality"
YEARS = range(2002, 2016)
LEVEL_2009, RICH, GROWTH, SD = -0.9, 0.9, 0.20, 0.2
PERCENT_FROM = 2006                 # reports print "45.3%" from this data year


def file_name(year: int) -> str:
    return f"cnnic_province_internet_{year}.csv"


def paths(seed: int) -> dict[str, np.ndarray]:
    """Rates (%) and users (10k persons), provinces x years, in PROVINCES order."""
    r = rng(seed, "cnnic", "provinces")
    rich = np.log([p.pgdp_2010 for p in PROVINCES])
    rich = (rich - rich.mean()) / rich.std()
    a = LEVEL_2009 + RICH * rich + SD * r.standard_normal(len(PROVINCES))
    t = np.array(YEARS) - 2009
    rate = 100.0 / (1.0 + np.exp(-(a[:, None] + GROWTH * t[None, :]
                                   + 0.03 * r.standard_normal((len(PROVINCES), len(t))))))
    pop = np.array([p.pop_2010 for p in PROVINCES])[:, None] * np.exp(0.005 * (t[None, :] + 1))
    return {"rate": np.round(rate, 1), "users": np.round(rate / 100.0 * pop, 1), "pop": pop}


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    folder = Path(out) / "cnnic"
    folder.mkdir(parents=True, exist_ok=True)
    p = paths(seed)
    rate, users = p["rate"], p["users"]
    for j, year in enumerate(YEARS):
        pct = year >= PERCENT_FROM
        nat_users = users[:, j].sum()
        nat_rate = round(100.0 * nat_users / p["pop"][:, j].sum(), 1)
        prev = users[:, j - 1] if j else None
        rank = np.argsort(np.argsort(-rate[:, j], kind="stable"), kind="stable") + 1
        header = ["省份", "网民数（万人）", "互联网普及率" if pct else "普及率(%)", "增速", "普及率排名"]
        fmt = (lambda v: f"{v:.1f}%") if pct else (lambda v: f"{v:.1f}")
        rows = [["全国", f"{nat_users:.1f}", fmt(nat_rate),
                 f"{100 * (nat_users / users[:, j - 1].sum() - 1):.1f}%" if j else "", ""]]
        for i, prov in enumerate(PROVINCES):
            growth = f"{100 * (users[i, j] / prev[i] - 1):.1f}%" if prev is not None else ""
            rows.append([prov.short, f"{users[i, j]:.1f}", fmt(rate[i, j]), growth, str(rank[i])])
        with open(folder / file_name(year), "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    say(f"CNNIC provincial internet penetration {YEARS[0]}-{YEARS[-1]} -> cnnic/")
    return {STUDY: {"cnnic_internet": {
        "years": [YEARS[0], YEARS[-1]], "rule": "rate = 100 / (1 + exp(-(a_p + g (t - 2009)))), "
        "a_p = level + rich * z(ln pgdp_2010) + sd * N(0,1); no effect on firms (INT moderates "
        "nothing in the synthetic universe: the lndig x INT interaction is planted at 0)",
        "level_2009": LEVEL_2009, "rich": RICH, "growth": GROWTH, "sd": SD,
        "national_rate_2015": round(float(100 * users[:, -1].sum() / p["pop"][:, -1].sum()), 1)}}}
