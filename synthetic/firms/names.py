"""Firm names (Chinese and English), legal-entity codes and customs codes.

A name is city + brand (字号, two characters) + industry word + organisational form, e.g.
杭州新达电子有限公司 / "Hangzhou Xinda Electronics Co., Ltd.". Trade intermediaries carry the
Ahn-Khandelwal-Wei keywords (进出口, 贸易, 经贸, 科贸, 外经) -- except a few that do not, and a few
producers are called 工贸 (caught only by the broader keyword lists): the truth says which is
which. How a name is *written* varies by source and year (brackets, spaces, full-width Latin
letters, a province prefix); `render` applies those variants to the canonical name.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic import seeds
from synthetic.firms import geography, industries

SUFFIXES = np.array(["有限公司", "有限责任公司", "股份有限公司", "厂", "集团有限公司"])
SUFFIXES_EN = np.array(["Co., Ltd.", "Co., Ltd.", "Co., Ltd.", "Factory", "Group Co., Ltd."])
INTERMEDIARY_WORDS = np.array(["进出口", "贸易", "经贸发展", "科贸", "外经贸", "国际贸易", "实业"])
INTERMEDIARY_EN = np.array(["Import and Export", "Trading", "Economic and Trade", "Sci-Tech Trading",
                            "Foreign Economic and Trade", "International Trading", "Industrial"])
INTERMEDIARY_P = np.array([0.34, 0.24, 0.1, 0.08, 0.06, 0.08, 0.10])    # 实业: no AKW keyword
LATIN = np.array(["TCL", "ABC", "JDS", "KMT", "HKC", "SGM", "AMT", "GTE"])
_FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})
_HALF_BRACKETS = str.maketrans({"（": "(", "）": ")"})


def brand_table() -> pd.DataFrame:
    return pd.DataFrame(list(seeds.data("brand_chars")))


def _brands(r: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    t = brand_table()
    a, b = r.integers(0, len(t), n), r.integers(0, len(t), n)
    b = np.where(a == b, (b + 1) % len(t), b)
    ch, py = t["char"].to_numpy().astype(object), t["pinyin"].to_numpy().astype(object)
    lower = np.array([p.lower() for p in t["pinyin"]], dtype=object)
    return ch[a] + ch[b], py[a] + lower[b]


def _descriptor(cic2: np.ndarray, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    prof = industries.profile()
    zh, en = np.empty(len(cic2), object), np.empty(len(cic2), object)
    for code in np.unique(cic2):
        m = cic2 == code
        words = prof.loc[code, "descriptor_zh"].split("|")
        words_en = prof.loc[code, "descriptor_en"].split("|")
        k = pick[m] % len(words)
        zh[m], en[m] = np.array(words, object)[k], np.array(words_en, object)[k]
    return zh, en


def producer_names(r: np.random.Generator, city: np.ndarray, cic2: np.ndarray,
                   regtype: np.ndarray) -> dict[str, np.ndarray]:
    """Canonical names of producers (unique), their English names and name traits."""
    n = len(city)
    c = geography.cities()
    brand, brand_py = _brands(r, n)
    latin = r.random(n) < 0.02
    brand = np.where(latin, LATIN[r.integers(0, len(LATIN), n)].astype(object) + brand, brand)
    word, word_en = _descriptor(cic2, r.integers(0, 1000, n))
    gongmao = (r.random(n) < 0.03) & (regtype >= 170) & (regtype < 200)
    word = np.where(gongmao, "工贸", word)
    soe = np.isin(regtype, [110, 141, 143, 151])
    foreign = regtype >= 200
    suffix = np.where(soe, np.where(r.random(n) < 0.6, 3, 0),
                      r.choice([0, 1, 2, 4], size=n, p=[0.7, 0.12, 0.12, 0.06]))
    paren = np.where(foreign & (r.random(n) < 0.3), "（中国）", "").astype(object)
    paren = np.where((suffix == 4) & (paren == ""), "", paren)
    city_zh = c.city_name.to_numpy()[city].astype(object)
    name = city_zh + brand + word + paren + SUFFIXES[suffix].astype(object)
    name = _dedupe(r, name, city_zh, word, paren, SUFFIXES[suffix].astype(object))
    english = (c.city_pinyin.to_numpy()[city].astype(object) + " " + brand_py + " " + word_en
               + " " + SUFFIXES_EN[suffix].astype(object))
    return {"name": name, "english_name": english, "suffix": suffix, "gongmao": gongmao}


def intermediary_names(r: np.random.Generator, city: np.ndarray) -> dict[str, np.ndarray]:
    n = len(city)
    c = geography.cities()
    brand, brand_py = _brands(r, n)
    k = r.choice(len(INTERMEDIARY_WORDS), size=n, p=INTERMEDIARY_P)
    province_prefix = r.random(n) < 0.3            # 浙江华泰经贸发展有限公司
    plain = np.array([geography.plain_province(p) for p in c.province_name], dtype=object)
    head = np.where(province_prefix, plain[city], c.city_name.to_numpy()[city].astype(object))
    words = INTERMEDIARY_WORDS[k].astype(object)
    name = _dedupe(r, head + brand + words + "有限公司", head, words, "", "有限公司")
    english = (c.city_pinyin.to_numpy()[city].astype(object) + " " + brand_py + " "
               + INTERMEDIARY_EN[k].astype(object) + " Co., Ltd.")
    return {"name": name, "english_name": english, "has_akw_keyword": k < 5}


def _dedupe(r, name, head, word, paren, suffix) -> np.ndarray:
    """Redraw the brand of duplicated names until every name is unique."""
    name = name.copy()
    for _ in range(50):
        dup = pd.Series(name).duplicated().to_numpy()
        if not dup.any():
            return name
        idx = np.flatnonzero(dup)
        brand, _ = _brands(r, len(idx))
        def pick(x, idx=idx):
            return x[idx] if isinstance(x, np.ndarray) else x
        name[idx] = pick(head) + brand + pick(word) + pick(paren) + pick(suffix)
    raise RuntimeError("could not make firm names unique")


def renamed(r: np.random.Generator, name: np.ndarray) -> np.ndarray:
    """The name after a rename: a factory (厂) becomes a company, others add 集团 or change
    their brand."""
    out = name.copy()
    factory = np.array([s.endswith("厂") for s in name])
    out[factory] = np.array([s[:-1] + "有限公司" for s in name[factory]], dtype=object)
    rest = np.flatnonzero(~factory)
    grp = rest[r.random(len(rest)) < 0.5]
    out[grp] = np.array([s.replace("有限公司", "集团有限公司", 1) if "集团" not in s
                         else s.replace("集团", "", 1) for s in name[grp]], dtype=object)
    other = np.setdiff1d(rest, grp)
    brand, _ = _brands(r, len(other))
    out[other] = np.array([s[:2] + b + s[4:] for s, b in zip(name[other], brand)], dtype=object)
    return out


def render(name: np.ndarray, u: np.ndarray, half_brackets: float, spaces: float,
           full_latin: float) -> np.ndarray:
    """How a source writes canonical names this year, given uniforms u (n x >=3): half-width
    brackets, full-width Latin letters and digits, a stray space after the city. Only the
    names a variant applies to are touched (a Python loop over all names would dominate)."""
    out = np.array(name, dtype=object)
    s = pd.Series(out, dtype=object)
    brackets = s.str.contains("（", regex=False).to_numpy()
    latin = s.str.contains("[A-Za-z]", regex=True).to_numpy()
    todo = (brackets & (u[:, 0] < half_brackets)) | (latin & (u[:, 1] < full_latin)) \
        | (u[:, 2] < spaces)
    for i in np.flatnonzero(todo):
        text = out[i]
        if u[i, 0] < half_brackets:
            text = text.translate(_HALF_BRACKETS)
        if u[i, 1] < full_latin and latin[i]:
            text = text.translate(_FULL)
        if u[i, 2] < spaces:
            text = text[:2] + " " + text[2:]
        out[i] = text
    return out


def legal_codes(r: np.random.Generator, n: int) -> np.ndarray:
    """Unique 9-character organisation codes (GB 11714: 8 digits + check character)."""
    draws = pd.unique(r.integers(10_000_000, 79_999_999, int(n * 1.1) + 100))[:n]
    digits = (draws[:, None] // 10 ** np.arange(7, -1, -1)[None, :]) % 10
    check = 11 - (digits @ np.array([3, 7, 9, 10, 5, 8, 4, 2])) % 11
    char = np.where(check == 10, "X", np.where(check == 11, "0", check.astype(str)))
    return np.char.add(draws.astype(str), char).astype(object)


def customs_codes(city_code: np.ndarray, nature: np.ndarray) -> np.ndarray:
    """10-digit customs enterprise codes: city (4) + zone (1) + nature (1) + serial (4)."""
    rank = pd.DataFrame({"c": city_code, "k": nature}).groupby(["c", "k"]).cumcount().to_numpy()
    zone = rank // 10_000
    serial = (rank * 7_919 + 4_231) % 10_000           # 7919 is prime to 10^4: unique serials
    return (city_code.astype(object) + zone.astype(str).astype(object)
            + nature.astype(str).astype(object) + np.char.zfill(serial.astype(str), 4).astype(object))
