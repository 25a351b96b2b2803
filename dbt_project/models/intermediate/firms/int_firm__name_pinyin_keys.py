"""Pinyin keys of every distinct Chinese firm name the matching layer keys (survey, customs,
registry): 'PLACETRADE|INDUSTRY', the hanyu pinyin of the place + trade name (字号) and the
English rendering of the industry word (tradewh.firm_pinyin.chinese_keys; words from seed
firm_name_words via int_firm__name_words). A name has several keys when a character is
polyphonic, several industry words end it or the industry word has several renderings; a
name none of whose endings is a listed industry word has none. One row per name key x pinyin
key, sorted (deterministic).
"""
import pandas as pd

from tradewh.firm_pinyin import chinese_keys


def model(dbt, session):
    dbt.config(materialized="table")
    names = (dbt.ref("int_firm__firm_names").project("name_key, name_core")
             .union(dbt.ref("int_firm__registry_names").project("name_key, name_core"))
             .filter("name_key is not null").distinct().df())
    words = dbt.ref("int_firm__name_words").df()
    prov = dbt.ref("provinces").filter("is_province").project("name_full, name_short").df()

    def by_kind(kind):
        out = {}
        for zh, en in words.loc[words["kind"] == kind, ["zh_key", "en_key"]].itertuples(index=False):
            if zh and en:
                out.setdefault(zh, set()).add(en)
        return out

    legal_zh = [zh for zh in by_kind("legal_form")]
    industry, places = by_kind("industry"), by_kind("place")
    provinces = list(prov.itertuples(index=False, name=None))
    rows = []
    for name_key, name_core in names.drop_duplicates("name_key").itertuples(index=False):
        core = name_core if isinstance(name_core, str) else None
        for key in chinese_keys(name_key, core, legal_zh, industry, places, provinces):
            rows.append((name_key, key))
    out = pd.DataFrame(rows, columns=["name_key", "pinyin_key"], dtype="object")
    return out.sort_values(["name_key", "pinyin_key"], kind="stable").reset_index(drop=True)
