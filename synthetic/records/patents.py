"""The patent applications of one year as facts (before any export formatting).

Every alive producer files its latent counts of the year (FirmYear.latent): `digital_patents`
digital inventions, `other_invention_patents` ordinary inventions, `utility_patents` utility
models, `design_patents` designs. A few of those are joint with another universe firm (the two
firms' patents of the same kind merged into one application, so each firm's count stays its
latent count); others have a university, a person or a firm outside the universe as
co-applicant. Firms outside the universe add patents of their own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.firms import industries
from synthetic.records import ipc, numbers
from synthetic.records import params as P
from synthetic.streams import rng

KINDS = ("digital", "other_invention", "utility_model", "design")
LATENT = {"digital": "digital_patents", "other_invention": "other_invention_patents",
          "utility_model": "utility_patents", "design": "design_patents"}
PTYPE = {"digital": "invention", "other_invention": "invention", "utility_model": "utility_model",
         "design": "design"}
TECH = np.array(["物联网", "云计算", "大数据", "人工智能", "机器视觉", "无线通信", "工业互联网", "区块链"])
THING = np.array(["生产管理系统", "控制装置", "检测方法", "数据处理方法", "监控系统", "终端"])
PLAIN = np.array(["加工方法", "装置", "设备", "组合物", "生产工艺", "结构", "制备方法"])


class PatentBook:
    def __init__(self, universe):
        u = self.u = universe
        self.seed = u.seed
        cic2 = np.array([c[:2] if c else "" for c in u.a.cic2002], dtype=object)
        self.industries = np.array(sorted(ipc.ORDINARY), dtype=object)
        pos = {c: i for i, c in enumerate(self.industries)}
        self.industry = np.array([pos.get(c, 0) for c in cic2])
        r = rng(self.seed, "records", "ipc_pools")
        self.ordinary = np.stack([ipc.ordinary_pool(r, c) for c in self.industries])
        self.digital = ipc.digital_pool(r)
        self.taken = set(u.firms.name_first) | set(u.firms.name_second)
        words = industries.profile().reindex(self.industries).descriptor_zh.fillna("产品")
        self.descriptor = np.array([w.split("|")[0] for w in words], dtype=object)

    def year(self, fy) -> pd.DataFrame:
        """One row per application filed in `fy.year` (universe and outside applicants)."""
        r = rng(self.seed, "records", "patents", fy.year)
        producer = fy.alive & (self.u.a.kind == "producer")
        parts = []
        for kind in KINDS:
            counts = np.where(producer, fy.latent[LATENT[kind]], 0)
            firm = np.repeat(np.arange(self.u.n), counts)
            parts.append(pd.DataFrame({"kind": kind, "firm1": firm}))
        df = pd.concat(parts, ignore_index=True)
        df["firm2"] = -1
        df = self._pair(r, df)
        df = pd.concat([df, self._outside(r, len(df))], ignore_index=True)
        df["patent_type"] = df.kind.map(PTYPE)
        df["coapplicant"] = self._coapplicants(r, df)
        df = self._ipc(r, df)
        return self._numbers(r, df, fy.year)

    def _pair(self, r, df: pd.DataFrame) -> pd.DataFrame:
        """Merge JOINT_UNIVERSE_SHARE of the patents pairwise across firms (same kind)."""
        drop = []
        for kind in KINDS[:3]:
            pick = np.flatnonzero((df.kind.to_numpy() == kind)
                                  & (r.random(len(df)) < P.JOINT_UNIVERSE_SHARE))
            pick = pick[r.permutation(len(pick))]
            a, b = pick[0:len(pick) - 1:2], pick[1::2]
            ok = df.firm1.to_numpy()[a] != df.firm1.to_numpy()[b]
            df.loc[a[ok], "firm2"] = df.firm1.to_numpy()[b[ok]]
            drop.append(b[ok])
        return df.drop(index=np.concatenate(drop)).reset_index(drop=True)

    def _outside(self, r, n: int) -> pd.DataFrame:
        m = int(round(n * P.OUTSIDE_PATENT_SHARE))
        kind = r.choice(np.array(KINDS, dtype=object), size=m,
                        p=[P.OUTSIDE_DIGITAL_SHARE, 0.25, 0.4, 0.2])
        return pd.DataFrame({"kind": kind, "firm1": -1, "firm2": -1})

    def _coapplicants(self, r, df: pd.DataFrame) -> np.ndarray:
        """'' (none), 'firm' (universe, in firm2), 'university', 'individual', 'outside_firm'."""
        x = r.random(len(df))
        s_univ = df.patent_type.map(P.UNIVERSITY_SHARE).to_numpy(float)
        out = np.select([x < s_univ, x < s_univ + P.INDIVIDUAL_SHARE,
                         x < s_univ + P.INDIVIDUAL_SHARE + P.OUTSIDE_FIRM_SHARE],
                        ["university", "individual", "outside_firm"], "").astype(object)
        return np.where(df.firm2.to_numpy() >= 0, "firm", out)

    def _ipc(self, r, df: pd.DataFrame) -> pd.DataFrame:
        """Main class and class list: digital inventions match the table (main code, or a
        secondary one), ordinary inventions never do, some utility models do; designs carry
        a Locarno class."""
        n, kind = len(df), df.kind.to_numpy()
        ind = np.where(df.firm1.to_numpy() >= 0, self.industry[df.firm1.clip(0)],
                       r.integers(0, len(self.industries), n))
        k = 1 + np.minimum(r.poisson(np.where(kind == "digital", 1.2, 0.8)), 4)
        slots = self.ordinary[ind[:, None], r.integers(0, ipc.POOL, (n, 5))]
        dig = self.digital[r.integers(0, ipc.POOL, (n, 5))]
        digital_slot = np.zeros((n, 5), bool)
        d = kind == "digital"
        main_dig = d & (r.random(n) < P.DIGITAL_MAIN_SHARE)
        digital_slot[:, 0] = main_dig
        digital_slot[:, 1] = d & (~main_dig | (r.random(n) < 0.5))
        u_dig = (kind == "utility_model") & (r.random(n) < P.UTILITY_DIGITAL_SHARE)
        digital_slot[u_dig, r.integers(0, 2, n)[u_dig]] = True
        k = np.where(digital_slot[:, 1], np.maximum(k, 2), k)
        codes = np.where(digital_slot, dig, slots)
        digital = (digital_slot & (np.arange(5)[None, :] < k[:, None])).any(axis=1)
        lists = [list(dict.fromkeys(row[:m])) for row, m in zip(codes.tolist(), k.tolist())]
        design = kind == "design"
        loc = ipc.locarno(r, self.industries[ind])
        df["ipc_main"] = np.where(design, loc, [c[0] for c in lists])
        df["ipc_list"] = np.where(design, loc.astype(object), np.array(
            [";".join(c) for c in lists], dtype=object))
        df["is_digital"] = digital & ~design
        df["industry"] = ind
        return df

    def _numbers(self, r, df: pd.DataFrame, year: int) -> pd.DataFrame:
        """Application numbers, dates, publication numbers and legal status."""
        n, ptype = len(df), df.patent_type.to_numpy()
        foreign = np.where(df.firm1 >= 0, self.u.a.foreign[df.firm1.clip(0)], False)
        digit = np.array([numbers.TYPE_DIGIT[t] for t in ptype], dtype=object)
        digit = np.where((ptype == "invention") & foreign & (r.random(n) < P.PCT_SHARE_FOREIGN),
                         "8", digit)
        app = np.empty(n, dtype=object)
        pub = np.empty(n, dtype=object)
        for t in np.unique(digit):
            m = digit == t
            serial = numbers.serials(r, int(m.sum()), 7 if year >= 2004 else 5)
            app[m] = numbers.application_numbers(year, digit[m], serial)
        head = np.array([{"8": "1", "9": "2"}.get(t, t) for t in digit], dtype=object)
        for h in np.unique(head):             # PCT entries share the number range of their kind
            m = head == h
            pub[m] = "CN" + h + f"{year % 100:02d}" + np.char.zfill(
                (r.permutation(int(m.sum())) + 100_000).astype(str), 6).astype(object)
        day = r.integers(0, 365, n)
        filed = np.datetime64(f"{year}-01-01") + day.astype("timedelta64[D]")
        status, granted = self._status(r, ptype, year)
        lag = np.select([ptype == "design", ptype == "utility_model", granted],
                        [r.integers(120, 300, n), r.integers(180, 360, n), r.integers(900, 1400, n)],
                        r.integers(450, 540, n))
        last = (np.datetime64(P.PATENT_EXPORT_DATE) - filed).astype(int)
        lag = np.minimum(lag, last)         # nothing is published after the export
        kind_code = np.select([ptype == "design", ptype == "utility_model", granted],
                              ["S", "U", "B"], "A").astype(object)
        df["application_number"] = app
        df["application_date"] = filed
        df["publication_number"] = pub + kind_code
        df["publication_date"] = filed + lag.astype("timedelta64[D]")
        df["legal_status"] = status
        df["is_granted"] = granted
        return df.sort_values(["application_date", "application_number"], kind="stable",
                              ignore_index=True)

    def _status(self, r, ptype: np.ndarray, year: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(ptype)
        g = P.GRANT_SHARE.get(year, 0.55 if year < 2012 else P.GRANT_SHARE[2015])
        pend = P.PENDING_SHARE.get(year, 0.0 if year < 2012 else P.PENDING_SHARE[2015])
        x, lapse = r.random(n), r.random(n) < P.LAPSE_SHARE
        inv = np.select([x < g, x < g + pend, x < g + pend + (1 - g - pend) / 2],
                        ["granted", "实质审查的生效", "驳回"], "撤回").astype(object)
        granted = (ptype != "invention") | (inv == "granted")
        status = np.where(ptype == "invention", inv, "granted")
        status = np.where(status == "granted", np.where(lapse, "专利权的终止", "授权"), status)
        return status, granted

    def titles(self, r, df: pd.DataFrame) -> np.ndarray:
        n = len(df)
        word = self.descriptor[np.minimum(df.industry.to_numpy(), len(self.descriptor) - 1)]
        dig = (TECH[r.integers(0, len(TECH), n)].astype(object) + "的"
               + THING[r.integers(0, len(THING), n)].astype(object))
        plain = word + PLAIN[r.integers(0, len(PLAIN), n)].astype(object)
        out = np.where(df.is_digital.to_numpy(), "一种基于" + dig, "一种" + plain)
        return np.where(df.patent_type.to_numpy() == "design", word + "（" + (
            1 + r.integers(0, 9, n)).astype(str).astype(object) + "）", out)

