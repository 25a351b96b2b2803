"""Where firms are: province / city / county (GB/T 2260), postal code, phone, street address.

Provinces and cities are real (synthetic/data/cn_cities.csv: the 31 mainland provinces and
their main industrial cities, with the telephone area code and the city's main postal code);
county codes are generated inside the real city codes (districts 02-12, counties 21-24,
county-level cities 81-82), so they look like GB/T 2260 codes without claiming to be a list.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from synthetic import seeds

_COUNTY_SUFFIXES = np.array(["02", "03", "04", "05", "06", "07", "08", "09", "11", "12",
                             "21", "22", "23", "24", "81", "82"])
_NO_COUNTIES = {"4419", "4420"}          # Dongguan and Zhongshan have no county level
_MUNICIPALITIES = {"11", "12", "31", "50"}
DISTRICTS = np.array(["城东区", "城西区", "城南区", "城北区", "高新区", "经济开发区", "工业园区",
                      "新区", "港区", "开发区"])
ROADS = np.array(["人民路", "解放路", "中山路", "建设路", "和平路", "工业路", "长江路", "黄河路",
                  "新华路", "胜利路", "东风路", "光明路", "朝阳路", "振兴路", "科技路", "创业路",
                  "滨海路", "环城路", "发展大道", "开发大道", "工业大道", "迎宾路", "文化路", "园区路"])


@lru_cache(maxsize=1)
def cities() -> pd.DataFrame:
    df = pd.DataFrame(list(seeds.data("cn_cities")))
    df["weight"] = df["weight"].astype(float)
    return df


def plain_province(name: str) -> str:
    """浙江省 -> 浙江, 广西壮族自治区 -> 广西, 北京市 -> 北京 (as used inside firm names)."""
    for part in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(part):
            return name[: -len(part)]
    return name


def draw(r: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Location of n firms: city row, county code, postal code, phone, address parts."""
    c = cities()
    w = c.weight.to_numpy()
    city = r.choice(len(c), size=n, p=w / w.sum())
    city_code = c.city_code.to_numpy()[city]
    suffix = _COUNTY_SUFFIXES[r.integers(0, len(_COUNTY_SUFFIXES), n)]
    county = np.where(np.isin(city_code, list(_NO_COUNTIES)), "00", suffix)
    zips = (c.zip.str[:4].to_numpy()[city].astype(object)
            + np.char.zfill(r.integers(0, 40, n).astype(str), 2).astype(object))
    area = c.area_code.to_numpy()[city]
    eight = (np.char.str_len(area.astype(str)) == 3) | (r.random(n) < 0.45)
    local = r.integers(2_000_000, 8_999_999, n).astype(str).astype(object)
    local8 = np.where(eight, np.char.add("8", local.astype(str)).astype(object), local)
    return {
        "city": city,
        "province_code": c.province_code.to_numpy()[city],
        "city_code": city_code,
        "county_code": np.char.add(city_code.astype("U4"), county.astype("U2")),
        "zip": zips.astype("U6"),
        "area_code": area,
        "phone_local": local8.astype("U8"),  # 7 digits where the city had not yet moved to 8
        "phone_upgrade_year": np.where(eight, 0, r.integers(2001, 2009, n)),
        "district": r.integers(0, len(DISTRICTS), n),
        "road": r.integers(0, len(ROADS), n),
        "house": r.integers(1, 999, n),
    }


def phone_local(loc: dict, idx: np.ndarray, year: int) -> np.ndarray:
    """Local number in `year`: 7-digit numbers gain a leading 8 in their city's upgrade year
    (so the last 7 digits -- the usual matching key -- never change)."""
    local = loc["phone_local"][idx]
    up = loc["phone_upgrade_year"][idx]
    grow = (up > 0) & (year >= up)
    return np.where(grow, np.char.add("8", local.astype(str)).astype(object), local)


def address(loc: dict, idx: np.ndarray, with_province: bool) -> np.ndarray:
    """'浙江省杭州市高新区科技路12号' (municipalities: '上海市高新区…')."""
    c = cities()
    city = loc["city"][idx]
    prov = c.province_name.to_numpy()[city]
    cname = c.city_name.to_numpy()[city]
    muni = np.isin(c.province_code.to_numpy()[city], list(_MUNICIPALITIES))
    head = np.where(muni, cname.astype(object) + "市",
                    (prov.astype(object) if with_province else "") + cname.astype(object) + "市")
    return (head + DISTRICTS[loc["district"][idx]].astype(object)
            + ROADS[loc["road"][idx]].astype(object)
            + loc["house"][idx].astype(str).astype(object) + "号")
