"""Write the context sources of paper 002 (see the package docstring) and their truth.

    cepii/dist_cepii.csv                      CEPII GeoDist, every ordered pair of economies
    pwt/pwt100.xlsx                           Penn World Table 10.0 (sheets Info, Legend, Data)
    institutions/marketization_index_2018.csv 各地区市场化总指数评分, wide by year
    institutions/ipr_index_{year}.csv         知识产权发展指数 by province, one file per year
    wef/nri_tcdata360.csv                     WEF NRI (TCdata360 layout), wide by edition year
    cities/city_yearbook_{year}.csv           city yearbooks, 1984 and 2006-2015
    supply_chain/top5_partners_{year}.csv     listed firms' top-5 customers and suppliers
    truth_context/                            city instruments and supply-chain links (truth)

Every draw comes from "context" streams and the shared firm universe is only read, so the other
families' files are unchanged. Same for every scale except the firm-dependent files.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.context import cities, geodist, institutions, pwt, supply_chain
from synthetic.firms import FirmUniverse
from synthetic.firms import params as FP
from synthetic.records.textio import write_table

STUDY = "digital_patents_quality"


def _clear(out: Path) -> None:
    for pattern in ("cepii/*.csv", "pwt/*.xlsx", "institutions/*.csv", "wef/*.csv", "cities/*.csv",
                    "supply_chain/*.csv", "truth_context/*.csv"):
        for stale in out.glob(pattern):
            stale.unlink()


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    started, out = time.perf_counter(), Path(out)
    _clear(out)
    write_table(out / "cepii" / "dist_cepii.csv", geodist.table(seed))
    n_pwt = pwt.write(out / "pwt" / "pwt100.xlsx", seed)
    write_table(out / "institutions" / "marketization_index_2018.csv", institutions.marketization(seed))
    for year in institutions.IPR_YEARS:
        write_table(out / "institutions" / f"ipr_index_{year}.csv", institutions.ipr(seed, year))
    write_table(out / "wef" / "nri_tcdata360.csv", institutions.nri(seed))

    u = FirmUniverse(scale, seed)
    book = cities.CityBook(seed)
    city_of = pd.Series(np.arange(len(book.code)), index=[c[:4] for c in book.code])
    firm_city = city_of.reindex(np.array([c[:4] for c in u.a.city_code])).to_numpy()
    years = list(cities.YEARS)
    patents = np.zeros((len(book.code), len(years) + 1))         # city x (2006..2016)
    producer = u.a.kind == "producer"
    for fy in u.years():
        k = fy.year - years[0]
        if 0 <= k < patents.shape[1]:
            dp = np.where(producer & fy.alive, fy.latent["digital_patents"], 0)
            patents[:, k] = np.bincount(firm_city, weights=dp, minlength=len(book.code))
    patents[:, -1] = patents[:, -2]                              # 2016 is beyond the universe
    files = book.rows(patents[:, 1:], seed)
    for year, df in files.items():
        write_table(out / "cities" / f"city_yearbook_{year}.csv", df)
    bb = book.broadband(patents[:, 1:])
    tdir = out / "truth_context"
    tdir.mkdir(parents=True, exist_ok=True)
    inst = pd.DataFrame({"city_code": np.repeat(book.code, len(years)), "year": np.tile(years, len(book.code)),
                         "digital_patents_next_year": patents[:, 1:].ravel(),
                         "broadband_10k": bb.ravel(),
                         "post1984_per_million_10k_yuan": np.repeat(
                             np.where(book.in_1984, book.post_pc * 100, np.nan), len(years)),
                         "phones1984_per_million": np.repeat(
                             np.where(book.in_1984, book.phone_per100 * 1e4, np.nan), len(years))})
    write_table(tdir / "city_instruments.csv", inst)

    sc_files, sc_truth = supply_chain.tables(u, seed)
    for year, df in sc_files.items():
        write_table(out / "supply_chain" / f"top5_partners_{year}.csv", df)
    write_table(tdir / "supply_chain.csv", sc_truth)
    say(f"context: distances, PWT ({n_pwt:,} rows), institutions, NRI, {len(files)} city yearbooks, "
        f"{sum(len(d) for d in sc_files.values()):,} top-5 partner rows, {time.perf_counter() - started:.1f}s")
    return {STUDY: {"context": {
        "truth_dir": "truth_context",
        "unit_price_effect": round(FP.KAPPA * FP.DELTA_PATENT, 6),
        "unit_price": "ln p = c_h + kappa ln lambda - psi tfp + e: the value-weighted ln unit value of a "
                      "firm x destination x year moves by kappa x delta_patent per unit of Digtech",
        "iv": {"broadband_patent_elasticity": cities.BROADBAND_PATENT_ELASTICITY,
               "design": "ln broadband_{c,t} = city level + city trend + elasticity x ln(1 + the city's "
                         "digital invention applications in t+1) + noise; 1984 post volume and phones per "
                         "person are city traits; the applications are exogenous to quality shocks, so "
                         "IV_Post and IV_Telephone identify delta_patent",
               "estimand": "delta_patent"},
        "zero_effects": {"supplier_spillover": 0.0, "network_degree": 0.0, "network_structural_holes": 0.0,
                         "group_difference": 0.0},
        "zero_effects_note": "no channel from a firm's suppliers' digital patents to its quality, network "
                             "position has no effect given the firm's own applications (quality depends on "
                             "ln(1 + applications) only), and the effect on ln lambda is the same in every "
                             "group of the heterogeneity tables",
        "no_clean_estimand": "the number of products a pair trades, the firm's imported products and "
                             "origins, and the pair's export growth and volatility have no planted channel "
                             "from digital patents, but they grow with the firm's sales and exports; "
                             "applications grow faster for firms with a higher patent propensity, which is "
                             "correlated with initial size, and exports rise with quality, so their within-"
                             "pair co-movement with Digtech is not zero by construction (the report shows "
                             "these cells without a planted value)",
        "listed_firms": int(sc_truth.listed_firm_uid.nunique()),
    }}}
