"""Soderbery (2018) import-demand elasticities of the synthetic universe, importer x HS4:

    elasticities/Soderbery2018_sigma_HS4.csv     importer,importer_name,hs4,sigma,omega

The layout of the author's distributed table as a CSV export (docs/data-sources.md,
"Trade elasticities"): one row per importer (ISO3) x HS 4-digit heading, `hs4` stored as a
number (headings of chapters 01-09 lose their leading zero, as in a Stata or Excel export),
`sigma` the elasticity of substitution (> 1), `omega` the importer's median inverse export-
supply elasticity (not used by the pipeline), empty where the estimate is missing.

What is planted: every firm of the universe faces sigma = SIGMA (synthetic.firms.params) in
every market. A published table is an *estimate* of it, so each importer x HS4 cell scatters
around the true value: sigma = 1 + (SIGMA - 1) exp(SD z). The 147 importers are the largest
economies of countries.csv (Soderbery's coverage); a share of cells is absent (no estimate)
and a few print an empty sigma, so the warehouse's fallback for missing cells is exercised.
Same table at every scale for the scale's HS4 headings; draws come from the named stream
("elasticities", "soderbery"), so no other family's file changes.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.firms import params as FP
from synthetic.firms.industries import ProductBook
from synthetic.macro import countries as ctry
from synthetic.streams import rng

STUDY = "trade_digitization_quality"
FILE = "elasticities/Soderbery2018_sigma_HS4.csv"
HEADER = ["importer", "importer_name", "hs4", "sigma", "omega"]
N_IMPORTERS = 147                 # Soderbery (2018): 147 importers
SD_LOG_SIGMA = 0.10               # estimation scatter of ln(sigma - 1) around the truth
ABSENT_SHARE = 0.04               # importer x HS4 cells without an estimate (row absent)
EMPTY_SHARE = 0.002               # rows printed with an empty sigma (rejected as sigma_missing)


def table(scale: str, seed: int) -> pd.DataFrame:
    """The published rows (before printing) and a column `printed_empty`."""
    c = ctry.load()
    c = c[c.iso3 != ctry.CHINA].sort_values(["gdp_2010", "iso3"], ascending=[False, True])
    imp = c.head(N_IMPORTERS).sort_values("iso3")
    hs4 = np.unique([h[:4] for h in ProductBook(scale).hs96])
    r = rng(seed, "elasticities", "soderbery")
    n_i, n_h = len(imp), len(hs4)
    z = r.standard_normal((n_i, n_h))
    sigma = 1.0 + (FP.SIGMA - 1.0) * np.exp(SD_LOG_SIGMA * z)
    omega = np.exp(r.normal(np.log(0.6), 0.8, (n_i, n_h)))
    present = r.random((n_i, n_h)) >= ABSENT_SHARE
    empty = r.random((n_i, n_h)) < EMPTY_SHARE
    ii, hh = np.nonzero(present)
    return pd.DataFrame({"importer": imp.iso3.to_numpy()[ii], "importer_name": imp.name.to_numpy()[ii],
                         "hs4": hs4[hh], "sigma": sigma[ii, hh], "omega": omega[ii, hh],
                         "printed_empty": empty[ii, hh]})


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    df = table(scale, seed)
    path = Path(out) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    sigma = np.char.mod("%.6f", df.sigma.to_numpy()).astype(object)
    sigma[df.printed_empty.to_numpy()] = ""
    rows = zip(df.importer, df.importer_name, (h.lstrip("0") for h in df.hs4), sigma,
               np.char.mod("%.6f", df.omega.to_numpy()))
    with open(path, "w", newline="", encoding="utf-8") as f:     # quoted only where needed
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    say(f"Soderbery sigma: {len(df):,} importer x HS4 rows -> {FILE}")
    return {STUDY: {"soderbery_sigma": {
        "file": FILE, "true_sigma": FP.SIGMA, "sd_log_sigma_minus_1": SD_LOG_SIGMA,
        "n_importers": int(df.importer.nunique()), "n_hs4": int(df.hs4.nunique()),
        "n_rows": int(len(df)), "n_rows_empty_sigma": int(df.printed_empty.sum()),
        "absent_share": ABSENT_SHARE,
        "rule": "sigma = 1 + (SIGMA - 1) exp(sd z) per importer x HS4: the published table "
                "estimates the universe's common sigma with noise; KSW with these sigmas "
                "recovers ln lambda up to the factor ((SIGMA-1) + (s-SIGMA) kappa)/(s-1), "
                "about 1 for s near SIGMA"}}}
