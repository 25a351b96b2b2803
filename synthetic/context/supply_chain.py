"""Listed firms' top-5 customers and suppliers (CSMAR-style annual-report disclosures).

    supply_chain/top5_partners_{year}.csv
        证券代码,公司名称,统计截止日期,关系,排名,名称,金额(元),占比(%)

The largest producers of the universe (LISTED_SHARE of producers by size, alive in 2008) are
"listed"; each keeps a roster of possible customers and suppliers (mostly other universe
producers, some firms outside the universe) and discloses five of each per year, ranked by
amount. Counterparties are written as the firm wrote its name that year (bracket and spacing
variants); ANONYMOUS_SHARE are anonymised (客户一, 供应商A …) as many reports do.

Planted: none. A client's export quality does not depend on its suppliers' digital patents, so
paper 002's supply-chain spillover (Table 13 column 3) has a planted coefficient of 0.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms import names
from synthetic.streams import rng

YEARS = range(2007, 2016)
LISTED_SHARE = 0.03
MAX_LISTED = 2_500                 # about the number of A-share manufacturers around 2010
ROSTER = 8
OUTSIDE_SHARE = 0.3
ANONYMOUS_SHARE = 0.12
COLUMNS = ["证券代码", "公司名称", "统计截止日期", "关系", "排名", "名称", "金额(元)", "占比(%)"]
ANON = {"客户": ["客户一", "客户二", "客户三", "客户四", "客户五", "第一名", "单位A"],
        "供应商": ["供应商一", "供应商二", "供应商A", "供应商B", "第一名", "单位B"]}


def _name_in(f, i: np.ndarray, year: int) -> np.ndarray:
    ren = f.rename_year[i]
    return np.where((ren > 0) & (year >= ren), f.name_second[i], f.name_first[i])


def tables(u, seed: int) -> tuple[dict[int, pd.DataFrame], pd.DataFrame]:
    """Files by year and the truth rows (listed and counterparty firm_uids)."""
    f = u.a
    r = rng(seed, "context", "supply_chain", "static")
    producer = np.flatnonzero((f.kind == "producer") & (f.entry_year <= 2008) & (f.exit_year > 2008))
    k = min(max(int(round(LISTED_SHARE * len(producer))), 2), MAX_LISTED)
    listed = np.sort(producer[np.argsort(-f.ln_sales0[producer], kind="stable")[:k]])
    serial = r.choice(np.arange(1, 5000), size=len(listed), replace=False)
    codes = np.where(r.random(len(listed)) < 0.5, 600000 + serial, 2000 + serial)
    codes = np.array([f"{c:06d}" for c in codes])
    pool = np.flatnonzero(f.kind == "producer")
    m = 4 * len(listed) * ROSTER
    cic2 = np.array([c[:2] for c in f.cic2002[r.choice(pool, size=m)]], dtype=object)
    outside = names.producer_names(r, r.integers(0, len(names.geography.cities()), m), cic2, np.full(m, 173))
    taken = set(f.name_first) | set(f.name_second)
    outside_names = np.array([s for s in outside["name"] if s not in taken], dtype=object)
    roster = {}
    n_out = 0
    for j, i in enumerate(listed):
        for rel in ("客户", "供应商"):
            firms = r.choice(pool[pool != i], size=ROSTER, replace=False)
            out = r.random(ROSTER) < OUTSIDE_SHARE
            ext = outside_names[(n_out + np.arange(ROSTER)) % len(outside_names)]
            n_out += ROSTER
            roster[(j, rel)] = (np.where(out, -1, firms), ext)
    files, truth = {}, []
    for year in YEARS:
        ry = rng(seed, "context", "supply_chain", year)
        rows = []
        alive_l = (f.entry_year[listed] <= year) & (year < f.exit_year[listed])
        for j in np.flatnonzero(alive_l):
            i = listed[j]
            sales = np.exp(f.ln_sales0[i] + 0.08 * (year - 2000)) * 1000.0          # 元
            for rel in ("客户", "供应商"):
                firm, ext = roster[(j, rel)]
                alive = (firm < 0) | ((f.entry_year[np.maximum(firm, 0)] <= year)
                                      & (year < f.exit_year[np.maximum(firm, 0)]))
                cand = np.flatnonzero(alive)
                if len(cand) == 0:
                    continue
                pick = ry.choice(cand, size=min(5, len(cand)), replace=False)
                share = np.sort(ry.dirichlet(np.ones(len(pick)) * 2.0) * ry.uniform(0.2, 0.6))[::-1] * 100
                written = np.where(firm[pick] >= 0, _name_in(f, np.maximum(firm[pick], 0), year), ext[pick])
                written = names.render(written.astype(object), ry.random((len(pick), 4)),
                                       half_brackets=0.4, spaces=0.01, full_latin=0.0)
                anon = ry.random(len(pick)) < ANONYMOUS_SHARE
                labels = np.array(ANON[rel], dtype=object)[ry.integers(0, len(ANON[rel]), len(pick))]
                written = np.where(anon, labels, written)
                for rank, (w, s, fi, a) in enumerate(zip(written, share, firm[pick], anon), start=1):
                    rows.append((codes[j], _name_in(f, np.array([i]), year)[0], f"{year}-12-31", rel, rank, w,
                                 f"{s / 100 * sales:.2f}", f"{s:.2f}"))
                    truth.append((year, f.firm_uid[i], rel, rank, "" if (fi < 0 or a) else f.firm_uid[fi]))
        files[year] = pd.DataFrame(rows, columns=COLUMNS)
    t = pd.DataFrame(truth, columns=["year", "listed_firm_uid", "relation", "rank", "counterparty_firm_uid"])
    return files, t
