"""B2B platform member lists as crawled in CRAWL_YEAR (docs/data-sources.md, "Web presence"):

  web/alibaba_com_suppliers_{crawl}.csv     English names; Member Since = year ('2008')
  web/made_in_china_members_{crawl}.csv     English names; Member Since = 'Mar 12, 2009'
  web/1688_chengxintong_members_{crawl}.csv Chinese names; 诚信通年限 = '第8年' (8th year of
                                            membership in the crawl year) or '8年'

A firm adopts cross-border platforms (pit) in the earlier of its alibaba.com and
made-in-china.com member-since years, the domestic platform (pdo) in its first 1688 诚信通 year:
the universe's pit_year / pdo_year. Members outside the universe, overlapping crawl pages
(duplicates) and garbled dates are mixed in.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms import geography, industries
from synthetic.records import params as P
from synthetic.records import people

MONTHS = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
MODEL_1688 = np.array(["生产加工", "经销批发", "招商代理", "商业服务"])
BUSINESS_EN = np.array(["Manufacturer", "Manufacturer, Trading Company", "Trading Company"])


def _slug(english: np.ndarray, r) -> np.ndarray:
    words = [s.split(" ") for s in english.tolist()]
    return np.array([("".join(w[1:2]) or "cn").lower().replace("'", "") + str(k)
                     for w, k in zip(words, r.integers(10, 99999, len(english)))], dtype=object)


def _products(idx: np.ndarray, u, english: bool) -> np.ndarray:
    prof = industries.profile()
    col = "descriptor_en" if english else "descriptor_zh"
    cic2 = np.array([c[:2] for c in u.a.cic2002[idx]], dtype=object)
    words = prof[col].reindex(cic2).fillna("General Merchandise" if english else "日用百货")
    return np.array([w.replace("|", ", " if english else "、") for w in words], dtype=object)


def pit_split(u, r) -> tuple[np.ndarray, np.ndarray]:
    """Member-since years on alibaba.com and made-in-china.com (0 = not a member); the earlier
    of the two is pit_year."""
    pit = u.a.pit_year
    x = r.random(u.n)
    both, ali_only = x < P.PIT_BOTH_SHARE, x < P.PIT_BOTH_SHARE + P.PIT_ALIBABA_SHARE
    later = np.minimum(pit + r.geometric(0.35, u.n) - 1, P.CRAWL_YEAR - 1)
    first_ali = r.random(u.n) < 0.5
    ali = np.where(both, np.where(first_ali, pit, later), np.where(ali_only, pit, 0))
    mic = np.where(both, np.where(first_ali, later, pit), np.where(ali_only, 0, pit))
    on = pit > 0
    return np.where(on, ali, 0), np.where(on, mic, 0)


def member_lists(facts, r) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """{file: (raw rows, truth rows)} of the three lists."""
    u = facts.u
    ali, mic = pit_split(u, r)
    out = {}
    for name, since in ((f"web/alibaba_com_suppliers_{P.CRAWL_YEAR}.csv", ali),
                        (f"web/made_in_china_members_{P.CRAWL_YEAR}.csv", mic),
                        (f"web/1688_chengxintong_members_{P.CRAWL_YEAR}.csv", u.a.pdo_year)):
        idx = np.flatnonzero(since > 0)
        chinese = "1688" in name
        out[name] = _list(facts, r, idx, since[idx], chinese, "made_in_china" in name)
    return out


def _list(facts, r, idx, since, chinese: bool, mic: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    u, c = facts.u, geography.cities()
    n_out = int(round(len(idx) * P.OUTSIDE_MEMBER_SHARE))
    outside = people.outside_firms(r, n_out, set())
    city = np.concatenate([u.loc["city"][idx], outside["city"]])
    if chinese:
        inside = people.written_cn(r, facts.latest_name(idx), u.loc["city"][idx], spaces=0.01,
                                   city_shi=0.01)
        name = np.concatenate([inside, outside["name"]])
    else:
        name = people.written_en(r, np.concatenate([u.english_names(idx), outside["english_name"]]),
                                 upper=0.15)
    since = np.concatenate([since, r.integers(2000, P.CRAWL_YEAR + 1, n_out)])
    uid = np.concatenate([u.a.firm_uid[idx], np.full(n_out, "", dtype=object)])
    products = np.concatenate([_products(idx, u, not chinese),
                               np.full(n_out, "Consumer Electronics" if not chinese else "电子产品",
                                       dtype=object)])
    n = len(name)
    if chinese:
        years = P.CRAWL_YEAR - since + 1
        shown = np.where(r.random(n) < 0.8, "第" + years.astype(str).astype(object) + "年",
                         years.astype(str).astype(object) + "年")
        raw = pd.DataFrame({"公司名称": name, "诚信通年限": shown,
                            "经营模式": np.where(uid != "", "生产加工", MODEL_1688[r.integers(0, 4, n)]),
                            "所在地": c.province_name.to_numpy()[city].astype(object) + " "
                                     + c.city_name.to_numpy()[city],
                            "主营产品": products,
                            "旺铺地址": "https://shop" + r.integers(10**6, 10**9, n).astype(str).astype(object)
                                      + ".1688.com"})
    else:
        english = np.concatenate([u.english_names(idx), outside["english_name"]])
        where = c.province_pinyin.to_numpy()[city].astype(object) + ", China"
        if mic:
            date = (MONTHS[r.integers(0, 12, n)].astype(object) + " "
                    + r.integers(1, 29, n).astype(str).astype(object) + ", " + since.astype(str).astype(object))
            raw = pd.DataFrame({"Company Name": name, "Membership": np.array(
                ["Diamond Member", "Gold Member", "Audited Supplier"], dtype=object)[r.integers(0, 3, n)],
                "Member Since": date, "Province & Region": where, "Main Products": products,
                "Showroom URL": "https://" + _slug(english, r) + ".en.made-in-china.com"})
        else:
            raw = pd.DataFrame({"Company Name": name, "Member Since": since.astype(str).astype(object),
                                "Business Type": BUSINESS_EN[np.where(uid != "", r.integers(0, 2, n), 2)],
                                "Location": where, "Main Products": products,
                                "Profile URL": "https://" + _slug(english, r) + ".en.alibaba.com"})
    truth = pd.DataFrame({"company_name": name, "firm_uid": uid, "member_since_year": since})
    order = r.permutation(n)                 # crawl order: the platform's search ranking
    return raw.iloc[order].reset_index(drop=True), truth.iloc[order].reset_index(drop=True)
