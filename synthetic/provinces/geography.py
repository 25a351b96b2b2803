"""The 31 mainland provinces as the generator sees them: codes, printed names, regions, size.

Population (10k persons) and GDP per capita (yuan) are rounded 2010 magnitudes; `coast` is a
rough export propensity. Names are the generator's own (the dbt seeds must recognise them).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str
    short: str          # as CSY tables print it
    full: str           # as EPS / provincial yearbooks print it
    region: str         # 1986 three belts (paper 003's split)
    pop_2010: float     # 10k persons
    pgdp_2010: float    # yuan
    coast: float        # manufacturing exports / GDP scale


_ROWS = [
    ("110000", "北京", "北京市", "east", 1962, 73856, 0.20),
    ("120000", "天津", "天津市", "east", 1299, 72994, 0.35),
    ("130000", "河北", "河北省", "east", 7194, 28668, 0.10),
    ("140000", "山西", "山西省", "central", 3574, 26283, 0.05),
    ("150000", "内蒙古", "内蒙古自治区", "central", 2472, 47347, 0.03),
    ("210000", "辽宁", "辽宁省", "east", 4375, 42355, 0.15),
    ("220000", "吉林", "吉林省", "central", 2747, 31599, 0.05),
    ("230000", "黑龙江", "黑龙江省", "central", 3833, 27076, 0.04),
    ("310000", "上海", "上海市", "east", 2303, 76074, 0.45),
    ("320000", "江苏", "江苏省", "east", 7869, 52840, 0.40),
    ("330000", "浙江", "浙江省", "east", 5447, 51711, 0.38),
    ("340000", "安徽", "安徽省", "central", 5957, 20888, 0.08),
    ("350000", "福建", "福建省", "east", 3693, 40025, 0.30),
    ("360000", "江西", "江西省", "central", 4462, 21253, 0.09),
    ("370000", "山东", "山东省", "east", 9588, 41106, 0.18),
    ("410000", "河南", "河南省", "central", 9405, 24446, 0.07),
    ("420000", "湖北", "湖北省", "central", 5728, 27906, 0.07),
    ("430000", "湖南", "湖南省", "central", 6570, 24719, 0.05),
    ("440000", "广东", "广东省", "east", 10441, 44736, 0.55),
    ("450000", "广西", "广西壮族自治区", "east", 4610, 20219, 0.06),
    ("460000", "海南", "海南省", "east", 869, 23831, 0.05),
    ("500000", "重庆", "重庆市", "west", 2885, 27596, 0.12),
    ("510000", "四川", "四川省", "west", 8045, 21182, 0.07),
    ("520000", "贵州", "贵州省", "west", 3479, 13119, 0.03),
    ("530000", "云南", "云南省", "west", 4602, 15752, 0.04),
    ("540000", "西藏", "西藏自治区", "west", 301, 17319, 0.02),
    ("610000", "陕西", "陕西省", "west", 3735, 27133, 0.06),
    ("620000", "甘肃", "甘肃省", "west", 2560, 16113, 0.03),
    ("630000", "青海", "青海省", "west", 563, 24115, 0.02),
    ("640000", "宁夏", "宁夏回族自治区", "west", 633, 26860, 0.04),
    ("650000", "新疆", "新疆维吾尔自治区", "west", 2185, 25034, 0.05),
]

PROVINCES: tuple[Province, ...] = tuple(Province(*r) for r in _ROWS)
NATIONAL = "全国"                      # the national row (RMB/USD rate)
EXCLUDED = ("540000",)                # Tibet: not in paper 003's 30 provinces


def printed_name(p: Province, year: int) -> str:
    """How a yearbook file of `year` prints the province: short names in CSY-style files up to
    2016 (two-character names padded with an ideographic space in 2013, as CSY tables align
    them), full names in EPS-style files from 2017."""
    if year >= 2017:
        return p.full
    if year == 2013 and len(p.short) == 2:
        return p.short[0] + "\u3000" + p.short[1]
    return p.short
