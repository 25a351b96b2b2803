"""Pinyin keys of Chinese firm names, to meet the English names of the cross-border platforms
(docs/matching.md, rule `pinyin`).

A Chinese exporter's English name is conventionally the hanyu pinyin of its place and trade
name (字号), then the English industry word and the legal form: 宁波华立机械有限公司 ->
"Ningbo Huali Machinery Co., Ltd.". The key of a Chinese name is therefore

    PINYIN(place + trade name) || '|' || ENGLISH INDUSTRY WORD

in the form of `firm_name_key` (upper case, letters and digits only). Inputs are name keys
(already `firm_name_key`-normalised) and the word lists of seed `firm_name_words`, keyed the same
way by `int_firm__name_words`:

  legal_zh   Chinese legal forms; the longest one ending the name is dropped
  industry   Chinese industry word -> its English renderings; every industry word ending the
             rest gives one split (the part before it is place + trade name)
  places     places whose English name is not their pinyin (哈尔滨 -> HARBIN): an alternative
             reading of a name opening with them
  provinces  (full, short) province names: a name opening with its province (浙江华泰...) is read
             from its core (name_core) and from the short province + core (ZHEJIANGHUATAI)

Polyphonic characters: every reading is kept, so a name may have several keys. The readings of
a character are pypinyin's reading in context (重庆 -> CHONGQING) and all its readings alone
(长 -> CHANG, ZHANG): the context reading alone misreads names that contain a word by accident
(泉州长星 holds 州长, "governor", read ZHOUZHANG). ü is written both U and V (吕: LU, LV).
Characters that are not Chinese (Latin letters, digits) are kept as they are.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping

from pypinyin import Style, pinyin


def _syllables(reading: str) -> set[str]:
    up = reading.upper()
    return {up.replace("Ü", "U"), up.replace("Ü", "V")}


@functools.cache  # a few thousand distinct characters, read for every name
def _alone(ch: str) -> tuple[str, ...]:
    return tuple(pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=True, errors=list)[0])


def readings(text: str) -> list[str]:
    """Every romanisation of `text` (upper case, no spaces), sorted."""
    if not text:
        return []
    context = pinyin(text, style=Style.NORMAL, v_to_u=True, errors=list)
    per_char = [set().union(*(_syllables(x) for x in [*context[i], *_alone(ch)])) for i, ch in enumerate(text)]
    return sorted("".join(p) for p in itertools.product(*(sorted(s) for s in per_char)))


def strip_longest_suffix(key: str, suffixes: Iterable[str]) -> str:
    """`key` without the longest of `suffixes` that ends it (and leaves something)."""
    best = max((s for s in suffixes if s and key.endswith(s) and len(key) > len(s)), key=len, default="")
    return key[: len(key) - len(best)]


def place_trade_readings(text: str, places: Mapping[str, Iterable[str]]) -> set[str]:
    """Readings of a place + trade-name part, with the English name of a leading place."""
    out = set(readings(text))
    for zh, ens in places.items():
        if text.startswith(zh) and len(text) > len(zh):
            rest = readings(text[len(zh):])
            out.update(e + r for e in ens for r in rest)
    return out


def chinese_keys(name_key: str, name_core: str | None, legal_zh: Iterable[str],
                 industry: Mapping[str, Iterable[str]], places: Mapping[str, Iterable[str]],
                 provinces: Iterable[tuple[str, str]]) -> set[str]:
    """The pinyin keys ('PLACETRADE|INDUSTRY') of one Chinese name key."""
    core = name_core or name_key
    variants = {core}
    for full, short in provinces:
        if core != name_key and (name_key.startswith(full) or name_key.startswith(short)):
            variants.add(short + core)
            break
    legal_zh = list(legal_zh)
    out: set[str] = set()
    for v in variants:
        rest = strip_longest_suffix(v, legal_zh)
        for zh, ens in industry.items():
            if rest.endswith(zh) and len(rest) > len(zh):
                for r in place_trade_readings(rest[: len(rest) - len(zh)], places):
                    out.update(f"{r}|{e}" for e in ens)
    return out
