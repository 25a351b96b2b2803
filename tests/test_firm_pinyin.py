"""Pinyin keys of Chinese firm names (tradewh.firm_pinyin; rule `pinyin` of the English platform
lists, docs/matching.md) on hand-made names. Inputs are name keys and word lists as
int_firm__name_words keys them."""
from __future__ import annotations

from tradewh.firm_pinyin import chinese_keys, readings, strip_longest_suffix

LEGAL = ["有限公司", "股份有限公司", "集团有限公司", "公司", "厂"]
INDUSTRY = {"机械": {"MACHINERY", "MACHINE"}, "进出口": {"IMPORTANDEXPORT"}, "电子": {"ELECTRONICS"}}
PLACES = {"哈尔滨": {"HARBIN"}}
PROVINCES = [("浙江省", "浙江"), ("江苏省", "江苏")]


def keys(name_key, name_core=None):
    return chinese_keys(name_key, name_core, LEGAL, INDUSTRY, PLACES, PROVINCES)


def test_place_and_trade_name_then_industry_word():
    assert {"NINGBOHUALI|MACHINERY", "NINGBOHUALI|MACHINE"} <= keys("宁波华立机械有限公司")
    assert "NINGBOHUALI|MACHINERY" in keys("宁波华立机械股份有限公司")


def test_polyphonic_character_gives_every_reading():
    # 泉州长星: pypinyin reads 州长 as a word (ZHOUZHANG); the trade name's 长 is CHANG
    k = keys("泉州长星机械有限公司")
    assert {"QUANZHOUCHANGXING|MACHINERY", "QUANZHOUZHANGXING|MACHINERY"} <= k
    assert readings("吕") == ["LU", "LV"]


def test_name_without_a_place():
    assert "HUALI|MACHINERY" in keys("华立机械有限公司")


def test_province_in_front_is_read_with_and_without_it():
    k = keys("浙江华泰进出口有限公司", "华泰进出口有限公司")
    assert {"ZHEJIANGHUATAI|IMPORTANDEXPORT", "HUATAI|IMPORTANDEXPORT"} <= k


def test_place_with_an_english_name():
    assert "HARBINAOLI|ELECTRONICS" in keys("哈尔滨奥立电子厂")


def test_homophones_share_a_key_so_neither_links():
    # 丰奥 and 峰奥 are both FENGAO: the key is carried by two firms of one province, and the
    # rule links a member only when its key meets exactly one firm
    a, b = keys("杭州丰奥电子有限公司"), keys("杭州峰奥电子有限公司")
    assert "HANGZHOUFENGAO|ELECTRONICS" in a & b


def test_name_without_a_listed_industry_word_has_no_key():
    assert keys("宁波华立有限公司") == set()


def test_longest_legal_form_is_stripped():
    assert strip_longest_suffix("宁波华立机械集团有限公司", LEGAL) == "宁波华立机械"
    assert strip_longest_suffix("宁波华立机械", LEGAL) == "宁波华立机械"
