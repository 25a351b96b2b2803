"""Industry robot exposure of firms, from the synthetic IFR file of the same seed.

China's IFR robots are mostly reported as `99` (unspecified) before 2011. The *true* stock of
an industry is its reported stock plus the unspecified stock allocated by the industry's mean
share of the allocated stock in ROBOT_SHARE_YEARS (Graetz-Michaels style: the later, fully
allocated years tell how the early robots were spread). Exposure is

    robots_per_10k_jt = 10,000 * true stock_jt / employment_j,2000
    exposure_jt       = ln(1 + robots_per_10k_jt)

with employment_j,2000 = employment of the firms in the 2000 industrial-firm survey whose CIC
maps to IFR industry j (seed cic_ifr_industry). Everything here is computable from the raw
IFR file and the raw 2000 survey, so an estimator can rebuild exactly this regressor.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms.params import ROBOT_BASE_YEAR, ROBOT_SHARE_YEARS, YEARS
from synthetic.macro import ifr


def true_stock(seed: int) -> pd.DataFrame:
    """ifr_code x year (firm years): reported stock, unspecified stock allocated, true stock."""
    years, inst = ifr.china_installations(seed)
    stock = {k: np.nan_to_num(ifr.operational_stock(v)) for k, v in inst.items()}
    leaves = [k for k in stock if k != "99"]
    leaf = np.array([stock[k] for k in leaves])
    total = leaf.sum(axis=0)
    lo, hi = ROBOT_SHARE_YEARS
    window = (years >= lo) & (years <= hi)
    share = (leaf[:, window] / total[window]).mean(axis=1)
    rows = []
    for k, s in zip(leaves, share):
        for t in YEARS:
            i = int(np.flatnonzero(years == t)[0])
            rows.append((k, t, stock[k][i], stock["99"][i] * s, stock[k][i] + stock["99"][i] * s))
    return pd.DataFrame(rows, columns=["ifr_code", "year", "stock_reported",
                                       "stock_unspecified_allocated", "stock_true"])


def exposure_table(seed: int, base_employment: dict[str, float]) -> pd.DataFrame:
    """true_stock plus employment_base (survey firms of ROBOT_BASE_YEAR), robots per 10,000
    workers and exposure = ln(1 + robots per 10,000); NaN where the base employment is 0."""
    df = true_stock(seed)
    emp = df.ifr_code.map(base_employment).fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        per10k = np.where(emp > 0, 1e4 * df.stock_true.to_numpy() / emp, np.nan)
    df["employment_base"] = emp
    df["robots_per_10k"] = per10k
    df["exposure"] = np.log1p(per10k)
    df.attrs["base_year"] = ROBOT_BASE_YEAR
    return df

