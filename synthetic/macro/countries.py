"""The economies of the universe (synthetic/data/countries.csv) and who trades with whom.

countries.csv is hand-written: ~200 real economies with ISO3/ISO2/ISO numeric, the BACI code
(ISO numeric except BACI's own: 842 USA, 251 FRA, 381 ITA, 579 NOR, 699 IND, 757 CHE,
490 Taiwan), WB region code, current WB income group code (H, UM, LM, L), WDI currency unit,
exchange-rate regime (euro, eurpeg, usd, usdpeg, cny, float), approximate 2010 GDP per capita
(USD), 2010 population (millions), 2010 LCU per USD, openness (X+M)/GDP and the base year of
the WDI GDP deflator. Values are rounded public figures: plausible, not authoritative.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic import seeds
from synthetic.scales import CORE_IMPORTERS, Scale

REGIONS = {
    "EAP": "East Asia & Pacific", "ECA": "Europe & Central Asia",
    "LAC": "Latin America & Caribbean", "MNA": "Middle East & North Africa",
    "NAC": "North America", "SAS": "South Asia", "SSA": "Sub-Saharan Africa",
}
INCOME = {"H": "High income", "UM": "Upper middle income",
          "LM": "Lower middle income", "L": "Low income"}
CHINA = "CHN"
TAIWAN = "TWN"          # BACI 490 "Other Asia, nes"; absent from WDI, as in reality


def load() -> pd.DataFrame:
    """All economies, sorted by BACI code (the order of BACI files)."""
    df = pd.DataFrame(list(seeds.data("countries")))
    for col in ("iso_numeric", "baci_code", "deflator_base_year"):
        df[col] = df[col].astype(np.int64)
    for col in ("gdppc_2010", "pop_2010_m", "lcu_per_usd_2010", "openness"):
        df[col] = df[col].astype(np.float64)
    df["gdp_2010"] = df["gdppc_2010"] * df["pop_2010_m"] * 1e6
    return df.sort_values("baci_code").reset_index(drop=True)


def china_partners(countries: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """China's importers for a scale: the core list, then the largest economies by 2010 GDP."""
    pool = countries[countries.iso3 != CHINA]
    if scale.n_importers is None:
        chosen = set(pool.iso3)
    else:
        chosen = set(CORE_IMPORTERS)
        for iso in pool.sort_values("gdp_2010", ascending=False).iso3:
            if len(chosen) >= scale.n_importers:
                break
            chosen.add(iso)
    return pool[pool.iso3.isin(chosen)].reset_index(drop=True)


def exporter_partners(countries: pd.DataFrame, partners: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """Importers of a non-China exporter: China's partners plus China, minus itself."""
    keep = set(partners.iso3) | {CHINA}
    keep.discard(iso3)
    return countries[countries.iso3.isin(keep)].reset_index(drop=True)


def eu_member(iso3: np.ndarray, year: int) -> np.ndarray:
    """True where the economy applies the EU common external tariff in `year` (seed eu_members)."""
    rows = {r["iso3"]: (int(r["first_year"]), int(r["last_year"] or 9999))
            for r in seeds.seed("eu_members")}
    return np.array([iso in rows and rows[iso][0] <= year <= rows[iso][1] for iso in iso3])
