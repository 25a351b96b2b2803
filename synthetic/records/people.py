"""Names that are not the universe's firms (people, universities, firms outside the universe),
and how the record sources write the universe's names (Chinese and English variants).

Firms outside the universe (co-applicants, other platform members, other registry rows) are
software, trading and service companies named like the universe's firms but never equal to one.
"""
from __future__ import annotations

import numpy as np

from synthetic.firms import geography, names

SURNAMES = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"))
UNIVERSITIES = np.array([
    "清华大学", "浙江大学", "上海交通大学", "华南理工大学", "哈尔滨工业大学", "西安交通大学",
    "东南大学", "华中科技大学", "电子科技大学", "北京航空航天大学", "天津大学", "大连理工大学",
    "南京理工大学", "江南大学", "东华大学", "武汉理工大学", "中国科学院自动化研究所",
    "中国科学院计算技术研究所", "中国科学院沈阳自动化研究所", "广东工业大学", "浙江工业大学",
    "苏州大学", "重庆大学", "山东大学", "北京邮电大学"])
OUTSIDE_WORDS = np.array(["信息技术", "科技", "电子科技", "软件", "网络科技", "智能科技", "贸易",
                          "进出口", "商贸", "实业", "技术服务"])
OUTSIDE_EN = np.array(["Information Technology", "Technology", "Electronic Technology", "Software",
                       "Network Technology", "Intelligent Technology", "Trading", "Import and Export",
                       "Commerce and Trade", "Industrial", "Technical Service"])


def persons(r: np.random.Generator, n: int) -> np.ndarray:
    """Chinese personal names: surname + one or two given-name characters."""
    chars = names.brand_table()["char"].to_numpy().astype(object)
    given = chars[r.integers(0, len(chars), n)]
    two = r.random(n) < 0.7
    given = np.where(two, given + chars[r.integers(0, len(chars), n)], given)
    return SURNAMES[r.integers(0, len(SURNAMES), n)].astype(object) + given


def universities(r: np.random.Generator, n: int) -> np.ndarray:
    return UNIVERSITIES[r.integers(0, len(UNIVERSITIES), n)].astype(object)


def outside_firms(r: np.random.Generator, n: int, taken: set[str]) -> dict[str, np.ndarray]:
    """Firms outside the universe: Chinese and English names, city row (never a universe name)."""
    c = geography.cities()
    city = r.choice(len(c), size=n, p=(c.weight / c.weight.sum()).to_numpy())
    t = names.brand_table()
    ch, py = t["char"].to_numpy().astype(object), t["pinyin"].to_numpy().astype(object)
    lower = np.array([p.lower() for p in t["pinyin"]], dtype=object)
    a, b, w = r.integers(0, len(t), n), r.integers(0, len(t), n), r.integers(0, len(OUTSIDE_WORDS), n)
    zh = (c.city_name.to_numpy()[city].astype(object) + ch[a] + ch[b] + OUTSIDE_WORDS[w].astype(object)
          + "有限公司")
    en = (c.city_pinyin.to_numpy()[city].astype(object) + " " + py[a] + lower[b] + " "
          + OUTSIDE_EN[w].astype(object) + " Co., Ltd.")
    for _ in range(20):                       # redraw the brand of names a universe firm has
        clash = np.flatnonzero([s in taken for s in zh])
        if not len(clash):
            break
        k = r.integers(0, len(t), len(clash))
        zh[clash] = np.array([s[:len(s) - len(w) - 5] + ch[j] + w + "有限公司" for s, w, j in
                              zip(zh[clash], OUTSIDE_WORDS[w[clash]], k)], dtype=object)
    return {"name": zh, "english_name": en, "city": city}


def written_cn(r: np.random.Generator, canon: np.ndarray, city: np.ndarray, spaces: float,
               city_shi: float, half_brackets: float = 0.5, full_latin: float = 0.3) -> np.ndarray:
    """How a record source writes Chinese firm names: the customs/survey variants
    (synthetic.firms.names.render) plus '市' after the city name (`city`: rows of
    geography.cities()) and an occasional stray space."""
    u = r.random((len(canon), 4))
    out = names.render(canon, u, half_brackets=half_brackets, spaces=spaces, full_latin=full_latin)
    cname = geography.cities().city_name.to_numpy()[city]
    for i in np.flatnonzero(u[:, 3] < city_shi):
        c = cname[i]
        if out[i].startswith(c) and not out[i][len(c):].startswith("市"):
            out[i] = c + "市" + out[i][len(c):]
    return out


_EN_STYLES = np.array(["Co., Ltd.", "Co.,Ltd.", "CO., LTD.", "Co., Ltd", "Company Limited",
                       "Co.,Ltd"])


def written_en(r: np.random.Generator, english: np.ndarray, upper: float) -> np.ndarray:
    """English names as platforms and registries print them: the 'Co., Ltd.' ending written
    in one of several styles, some names all in capitals."""
    style = _EN_STYLES[r.integers(0, len(_EN_STYLES), len(english))].astype(object)
    caps = r.random(len(english)) < upper
    out = np.empty(len(english), dtype=object)
    for i, (s, st, cap) in enumerate(zip(english.tolist(), style.tolist(), caps.tolist())):
        if s.endswith("Co., Ltd."):
            s = s[: -len("Co., Ltd.")] + st
        out[i] = s.upper() if cap else s
    return out
