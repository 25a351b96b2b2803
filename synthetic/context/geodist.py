"""CEPII GeoDist (`dist_cepii`): bilateral distances and dummies for every pair of economies.

Coordinates are synthetic: each economy's main city is drawn around its World Bank region's
centre (China fixed near its population centre), so distances are plausible by region, not the
real ones. Distance does not enter the export DGP (prices do not depend on it): the per-firm
price-distance regressions of paper 002's competition strategy have no planted slope.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.macro import countries as ctry
from synthetic.streams import rng

# region -> (lat, lon, sd lat, sd lon) of main cities, degrees
CENTRES = {"EAP": (12.0, 115.0, 14.0, 18.0), "ECA": (50.0, 22.0, 7.0, 18.0),
           "LAC": (-8.0, -68.0, 16.0, 10.0), "MNA": (28.0, 32.0, 6.0, 14.0),
           "NAC": (45.0, -92.0, 6.0, 16.0), "SAS": (24.0, 76.0, 6.0, 8.0),
           "SSA": (0.0, 20.0, 12.0, 12.0)}
CHINA_AT = (34.0, 112.0)
NEIGHBOURS = {"CHN": ("HKG", "MAC", "VNM", "RUS", "KAZ", "MNG", "MMR", "KGZ", "LAO", "PRK", "NPL",
                      "IND", "PAK", "AFG", "TJK", "BTN")}
COLUMNS = ["iso_o", "iso_d", "contig", "comlang_off", "comlang_ethno", "colony", "comcol", "curcol",
           "col45", "smctry", "dist", "distcap", "distw", "distwces"]


def coordinates(seed: int) -> pd.DataFrame:
    c = ctry.load().sort_values("iso3").reset_index(drop=True)
    r = rng(seed, "context", "geodist", "coordinates")
    z = r.standard_normal((len(c), 2))
    cen = np.array([CENTRES[g] for g in c.region])
    lat = np.clip(cen[:, 0] + cen[:, 2] * z[:, 0], -45, 65)
    lon = cen[:, 1] + cen[:, 3] * z[:, 1]
    chn = (c.iso3 == "CHN").to_numpy()
    lat[chn], lon[chn] = CHINA_AT
    return pd.DataFrame({"iso3": c.iso3, "lat": lat, "lon": lon, "region": c.region})


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    cosang = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return 6371.0 * np.arccos(np.clip(cosang, -1.0, 1.0))


def table(seed: int) -> pd.DataFrame:
    """One row per ordered pair (as the CEPII file), distances in km with 3 significant decimals."""
    xy = coordinates(seed)
    n = len(xy)
    o, d = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    r = rng(seed, "context", "geodist", "pairs")
    iso = xy.iso3.to_numpy()
    dist = great_circle_km(xy.lat.to_numpy()[o], xy.lon.to_numpy()[o], xy.lat.to_numpy()[d], xy.lon.to_numpy()[d])
    own = o == d
    inner = np.exp(r.normal(np.log(250.0), 0.6, n))          # internal distance of each economy
    dist = np.where(own, inner[o], np.maximum(dist, 60.0))
    key = np.minimum(o, d) * n + np.maximum(o, d)             # symmetric noise per pair
    noise = rng(seed, "context", "geodist", "weights").normal(0, 0.06, n * n)[key]
    distw = dist * np.exp(noise)
    same_region = xy.region.to_numpy()[o] == xy.region.to_numpy()[d]
    contig = np.zeros(n * n, dtype=np.int64)
    for a, bs in NEIGHBOURS.items():
        for b in bs:
            contig[(iso[o] == a) & (iso[d] == b)] = 1
            contig[(iso[o] == b) & (iso[d] == a)] = 1
    lang = (same_region & (r.random(n * n) < 0.25)).astype(np.int64)
    lang = np.maximum(lang, lang[d * n + o])
    out = pd.DataFrame({"iso_o": iso[o], "iso_d": iso[d], "contig": contig, "comlang_off": lang,
                        "comlang_ethno": lang, "colony": 0, "comcol": 0, "curcol": 0, "col45": 0,
                        "smctry": own.astype(np.int64), "dist": np.round(dist, 3),
                        "distcap": np.round(dist, 3), "distw": np.round(distw, 3),
                        "distwces": np.round(distw * np.exp(-0.02), 3)})
    # CEPII leaves the weighted distances empty where city populations are missing
    miss = (r.random(n * n) < 0.02) & ~own
    for col in ("dist", "distcap", "distw", "distwces"):
        txt = np.char.mod("%.3f", out[col].to_numpy(dtype=float))
        out[col] = np.where(miss & (col in ("distw", "distwces")), "", txt)
    return out[COLUMNS]
