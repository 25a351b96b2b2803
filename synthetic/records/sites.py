"""Company websites: MIIT ICP filings and WHOIS lookups of their domains, crawled in CRAWL_YEAR.

  web/icp_beian_{crawl}.csv   主办单位名称 (the organiser's name on the filing date -- a former
                              name for firms renamed since), 网站备案/许可证号 ('浙ICP备05012345号',
                              '-2' for a firm's second site), 网站首页网址, 审核通过时间 (date)
  web/whois_{crawl}.csv       domain_name, creation_date ('2003-05-14T08:21:33Z' for .com/.net,
                              '2003-05-14 08:21:33' for .cn, '14-May-2003' at some registrars;
                              empty when the lookup found nothing), expiration_date, registrar, org

A firm's homepage starts (icp) in the earlier of its first filing date and its first domain's
creation date: the universe's icp_year. Filing exists only since ICP_REGIME_START, so early
adopters are dated by WHOIS; a few domains lapsed and were re-registered (WHOIS after the
filing), a few lookups return nothing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms import geography
from synthetic.records import params as P
from synthetic.records import people

TLDS = np.array([".com", ".com", ".com", ".cn", ".com.cn", ".net"])
REGISTRARS = {".com": ("GoDaddy.com, LLC", "Network Solutions, LLC", "Xin Net Technology Corporation",
                       "HiChina Zhicheng Technology Limited"),
              ".cn": ("阿里云计算有限公司（万网）", "北京新网数码信息技术有限公司", "厦门易名科技股份有限公司")}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(r, years: np.ndarray) -> np.ndarray:
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") + r.integers(0, 360, len(years))


def _domains(r, english: np.ndarray) -> np.ndarray:
    base = np.array([("".join(s.split(" ")[1:2]) or "site").lower().replace("'", "")
                     for s in english.tolist()], dtype=object)
    style = r.integers(0, 4, len(base))
    city = np.array([s.split(" ")[0].lower().replace("'", "")[:2] for s in english.tolist()], dtype=object)
    stem = np.select([style == 0, style == 1, style == 2], [base, city + base, base + "-group"],
                     base + "tech").astype(object)
    out, seen = np.empty(len(stem), dtype=object), set()
    tld = TLDS[r.integers(0, len(TLDS), len(stem))]
    for i, (s, t) in enumerate(zip(stem.tolist(), tld.tolist())):
        d, k = s + t, 1
        while d in seen:
            k += 1
            d = f"{s}{k}{t}"
        seen.add(d)
        out[i] = d
    return out


def sites(facts, r) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per filed website: firm (-1 outside), site number, domain, filing and WHOIS dates."""
    u = facts.u
    y = u.a.icp_year
    ad = np.flatnonzero(y > 0)
    yy = y[ad]
    x = r.random(len(ad))
    missing = (yy >= P.ICP_REGIME_START) & (x < P.WHOIS_MISSING_SHARE)
    rereg = (yy >= P.ICP_REGIME_START) & ~missing & (x < P.WHOIS_MISSING_SHARE + P.REREGISTERED_SHARE)
    created = _day(r, yy)
    filed_year = np.where(missing | rereg, yy, np.maximum(yy, P.ICP_REGIME_START)
                          + (r.random(len(ad)) < 0.4))
    filed = np.maximum(_day(r, filed_year), created + 1)
    filed = np.where(missing | rereg, _day(r, yy), filed)
    created = np.where(rereg, _day(r, np.minimum(yy + r.integers(1, 6, len(ad)), P.CRAWL_YEAR)), created)
    first = pd.DataFrame({"firm": ad, "site": 1, "created": created, "filed": filed,
                          "whois_found": ~missing})
    two = ad[(r.random(len(ad)) < P.SECOND_SITE_SHARE)]
    y2 = np.minimum(np.maximum(y[two], P.ICP_REGIME_START) + r.integers(1, 5, len(two)), P.CRAWL_YEAR)
    c2 = _day(r, y2)
    second = pd.DataFrame({"firm": two, "site": 2, "created": c2, "filed": c2 + r.integers(5, 200, len(two)),
                           "whois_found": True})
    late = np.flatnonzero(facts.alive_at_end() & (y == 0) & (u.a.kind == "producer")
                          & (r.random(u.n) < P.LATE_FILER_SHARE))
    c3 = _day(r, np.full(len(late), P.CRAWL_YEAR))
    third = pd.DataFrame({"firm": late, "site": 1, "created": c3, "filed": c3 + 20, "whois_found": True})
    n_out = int(round(len(ad) * P.OUTSIDE_MEMBER_SHARE))
    c4 = _day(r, r.integers(2000, P.CRAWL_YEAR + 1, n_out))
    outside = pd.DataFrame({"firm": -1, "site": 1, "created": c4,
                            "filed": np.maximum(c4, np.datetime64(f"{P.ICP_REGIME_START}-03-20")) + 30,
                            "whois_found": True})
    df = pd.concat([first, second, third, outside], ignore_index=True)
    crawl = np.datetime64(f"{P.CRAWL_YEAR}-06-30")
    df["filed"] = np.minimum(df.filed.to_numpy(), crawl)
    df["created"] = np.minimum(df.created.to_numpy(), crawl)
    names = people.outside_firms(r, len(df), facts.taken)
    inside = df.firm.to_numpy() >= 0
    english = np.where(inside, u.english_names(df.firm.clip(0)), names["english_name"])
    df["domain"] = _domains(r, english)
    df["city"] = np.where(inside, u.loc["city"][df.firm.clip(0)], names["city"])
    df["outside_name"] = names["name"]
    return df


def files(facts, r) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    df = sites(facts, r)
    u, c = facts.u, geography.cities()
    inside = df.firm.to_numpy() >= 0
    fy = df.filed.to_numpy().astype("datetime64[Y]").astype(int) + 1970
    canon = np.where(inside, facts.name_in(df.firm.clip(0).to_numpy(), fy), df.outside_name)
    name = people.written_cn(r, canon, df.city.to_numpy(), spaces=0.0, city_shi=0.0,
                             half_brackets=0.2, full_latin=0.0)
    person = ~inside & (r.random(len(df)) < 0.3)
    name = np.where(person, people.persons(r, len(df)), name)
    short = c.province_short.to_numpy()[df.city.to_numpy()]
    serial = r.permutation(len(df)) + r.integers(0, 900_000 - len(df)) if len(df) < 900_000 else r.permutation(len(df))
    base = (short.astype(object) + "ICP备" + np.char.zfill((fy % 100).astype(str), 2).astype(object)
            + np.char.zfill(serial.astype(str), 6).astype(object) + "号")
    # a firm's sites share one filing number, numbered -1, -2 (older filings show no suffix)
    first_site = pd.Series(base).groupby(df.firm.where(inside, -1 - np.arange(len(df)))).transform("first")
    number = np.where(df.site.to_numpy() > 1, first_site.to_numpy() + "-" + df.site.astype(str).to_numpy(),
                      np.where(fy >= 2012, base + "-1", base))
    url = np.select([r.random(len(df)) < 0.5, r.random(len(df)) < 0.5],
                    ["www." + df.domain, "http://www." + df.domain + "/"], df.domain).astype(object)
    icp = pd.DataFrame({"主办单位名称": name,
                        "主办单位性质": np.where(inside, "企业", np.where(person, "个人", "企业")),
                        "网站备案/许可证号": number, "网站名称": canon + "官网",
                        "网站首页网址": url,
                        "审核通过时间": np.datetime_as_string(df.filed.to_numpy(), unit="D").astype(object)})
    icp.loc[person, "网站名称"] = name[person] + "的个人主页"
    truth = pd.DataFrame({"domain": df.domain, "firm_uid": np.where(inside, u.a.firm_uid[df.firm.clip(0)], ""),
                          "site": df.site, "organiser_name": name, "filing_date": icp["审核通过时间"],
                          "whois_creation_date": np.where(df.whois_found, np.datetime_as_string(
                              df.created.to_numpy(), unit="D"), "")})
    order = np.argsort(number.astype(str), kind="stable")      # the crawl walks filing numbers
    return {f"web/icp_beian_{P.CRAWL_YEAR}.csv": (icp.iloc[order].reset_index(drop=True),
                                                 truth.iloc[order].reset_index(drop=True)),
            f"web/whois_{P.CRAWL_YEAR}.csv": _whois(r, df, canon, truth)}


def _whois(r, df: pd.DataFrame, canon: np.ndarray, truth: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = len(df)
    ts = df.created.to_numpy().astype("datetime64[s]") + r.integers(0, 86_400, n).astype("timedelta64[s]")
    iso = np.datetime_as_string(ts, unit="s").astype(object)
    cn = df.domain.str.endswith(".cn").to_numpy()
    old = ~cn & (r.random(n) < 0.1)
    d = df.created.to_numpy().astype("datetime64[D]").astype(object)
    dmy = np.array([f"{x.day:02d}-{MONTHS[x.month - 1]}-{x.year}" for x in d], dtype=object)
    created = np.select([cn, old], [np.array([s.replace("T", " ") for s in iso], dtype=object), dmy],
                        iso + "Z").astype(object)
    expires = np.array([f"{int(s[:4]) + 11}{s[4:10]}" for s in iso], dtype=object)
    reg_com, reg_cn = REGISTRARS[".com"], REGISTRARS[".cn"]
    registrar = np.where(cn, np.array(reg_cn, dtype=object)[r.integers(0, len(reg_cn), n)],
                         np.array(reg_com, dtype=object)[r.integers(0, len(reg_com), n)])
    org = np.where(cn, canon, np.where(r.random(n) < 0.6, "REDACTED FOR PRIVACY", ""))
    found = df.whois_found.to_numpy()
    raw = pd.DataFrame({"domain_name": df.domain.str.upper().where(r.random(n) < 0.3, df.domain),
                        "creation_date": np.where(found, created, ""),
                        "expiration_date": np.where(found, expires, ""),
                        "registrar": np.where(found, registrar, ""), "org": np.where(found, org, "")})
    order = np.argsort(df.domain.to_numpy().astype(str), kind="stable")   # batch lookups, sorted
    return raw.iloc[order].reset_index(drop=True), truth.iloc[order].reset_index(drop=True)
