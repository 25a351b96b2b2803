"""Size parameters of the three synthetic universes.

tiny  -- unit tests: a few seconds, dense so the fixed effects connect.
demo  -- the README demo: ~100k China flows, whole pipeline in minutes on 2 cores.
large -- the paper's importers and years, written year by year, over the whole product list
         (~1,000 real HS96 codes, synthetic/data/hs96_real_codes.csv; the paper has ~5,100).
"""
from __future__ import annotations

from dataclasses import dataclass

YEARS = tuple(range(2010, 2021))

# Always among China's partners: EU members (incl. HRV, which joins the EU in 2013), BACI's
# own codes (842 USA, 251 FRA, 381 ITA, 699 IND, 490 Taiwan), HKG, FTA partners (KOR, AUS,
# VNM), both income groups, and deflator base years other than 2010 (KOR 2015, IND 2005).
CORE_IMPORTERS = ("USA", "FRA", "DEU", "ITA", "HRV", "GBR", "IND", "TWN", "HKG", "KOR",
                  "AUS", "VNM", "JPN", "BRA", "NGA", "ETH")


@dataclass(frozen=True)
class Scale:
    name: str
    other_exporters: tuple[str, ...]   # exporters besides China (ISO3)
    n_importers: int | None            # China's partners; None = every economy but China
    n_products: int | None             # HS96 products; None = the whole ~1,000-code real list
    china_fill: float                  # share of importer x product x year cells with a flow


SCALES = {
    "tiny": Scale("tiny", ("DEU", "JPN"), len(CORE_IMPORTERS), 60, 0.60),
    "demo": Scale("demo", ("DEU", "JPN", "USA", "KOR", "VNM"), 60, 400, 0.38),
    "large": Scale("large", ("DEU", "JPN", "USA", "KOR", "VNM", "ITA", "FRA", "IND", "MEX"),
                   None, None, 0.40),
}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; choose one of {sorted(SCALES)}") from None
