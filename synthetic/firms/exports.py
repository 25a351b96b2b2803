"""Direct exports: persistent varieties (firm x HS96 product x destination) priced and sold by
the KSW demand system of params.py, split into monthly customs records.

Varieties survive from year to year (80%) while their firm keeps exporting; a firm tops up to
its target number of varieties, drawn around a few core products of its industry. The monthly
split carries the firm's latent flexible productivity: more flexible firms are active in more
months and spread their sales more unevenly across them (paper 004's `flex` measure).
"""
from __future__ import annotations

import numpy as np

from synthetic.firms import params as P
from synthetic.streams import rng

SURVIVE = 0.8
BASE_VALUE = 45_000          # USD a year of a variety with average traits (chi's level)
POPULAR_RANKS = 1.0          # mean popularity rank of a firm's first core product
STRUCTURE = 2002             # fixed (not run-seeded) product popularity
MAX_VARIETIES = 40


def logistic(x):
    return 1 / (1 + np.exp(-x))


class ExportBook:
    def __init__(self, universe, partners: np.ndarray, partner_weight: np.ndarray,
                 ln_gdp: np.ndarray):
        self.u, self.prod = universe, universe.products
        self.partners, self.ln_gdp = partners, ln_gdp          # partner indices, ln GDP 2010
        self.pw = partner_weight / partner_weight.sum()
        self.gdp_centre = float(self.pw @ ln_gdp[partners])   # the typical destination: 0
        f = universe.a
        self.pools = {}                                        # pool id -> product indices
        cic2 = np.array([c[:2] for c in f.cic2002], dtype=object)
        keys, self.pool_id = np.unique(cic2, return_inverse=True)
        self.pool_keys = list(keys)
        r = rng(universe.seed, "firms", "exports", "static")
        # a firm's core products start at a popularity rank: most firms of an industry share
        # its popular products, so HS6 x destination x year cells hold many firms (KSW needs it)
        self.offset = np.floor(r.exponential(POPULAR_RANKS, universe.n)).astype(np.int64)
        # firm demand level: expected direct exports ~ export intensity x sales in its first year
        varieties = universe.scale.varieties * np.exp(0.3 * (f.ln_sales0 - 9.7))
        target_usd = f.export_intensity * np.exp(f.ln_sales0) * 1000 / 8.28
        self.d = (np.log(target_usd / varieties) - np.log(BASE_VALUE) - 0.5
                  + 0.3 * r.standard_normal(universe.n))
        self.zeta = f.zeta
        self.state = {k: np.zeros(0, dtype=t) for k, t in
                      (("firm", np.int64), ("product", np.int64), ("dest", np.int64),
                       ("mode", np.int8), ("pick", np.int64), ("xi", float), ("u", float))}

    def pool(self, pid: int) -> np.ndarray:
        """Products of an industry (HS96 chapters of cic2_profile), in a fixed popularity order;
        intermediaries (no industry) trade manufactures."""
        if pid not in self.pools:
            from synthetic.firms.industries import profile
            cic2 = self.pool_keys[pid]
            chapters = profile().loc[cic2, "hs_chapters"].split() if cic2 in profile().index else []
            pool = self.prod.pool(chapters) if cic2 else self.prod.manufacturing
            order = rng(STRUCTURE, "popularity", cic2).permutation(len(pool))
            self.pools[pid] = pool[order]
        return self.pools[pid]

    def draw_products(self, r, firms: np.ndarray, spread: float = 1.5) -> np.ndarray:
        """Products around each firm's core cluster inside its industry's pool."""
        out = np.empty(len(firms), dtype=np.int64)
        step = np.floor(r.exponential(spread, len(firms))).astype(np.int64) if spread else 0
        rank = self.offset[firms] + step
        pid = self.pool_id[firms]
        order = np.argsort(pid, kind="stable")
        bounds = np.flatnonzero(np.diff(pid[order])) + 1
        for group in np.split(order, bounds):
            if len(group):
                pool = self.pool(int(pid[group[0]]))
                out[group] = pool[rank[group] % len(pool)]
        return out

    def step(self, fy) -> dict:
        """This year's varieties (updating the persistent state) and their monthly records."""
        year, f, seed = fy.year, self.u.a, self.u.seed
        r = rng(seed, "firms", "exports", year)
        producer = f.kind == "producer"
        direct = fy.exporter & producer
        s = self.state
        keep = direct[s["firm"]] & (r.random(len(s["firm"])) < SURVIVE)
        s = {k: v[keep] for k, v in s.items()}
        size = 0.3 * (fy.ln_sales - 9.7) + 0.3 * r.standard_normal(self.u.n)
        target = np.clip(np.rint(self.u.scale.varieties * np.exp(size)), 1,
                         MAX_VARIETIES).astype(np.int64)
        have = np.bincount(s["firm"], minlength=self.u.n)
        need = np.where(direct, np.maximum(target - have, 0), 0)
        firms = np.repeat(np.arange(self.u.n), need)
        n_new = len(firms)
        proc = f.processing_share[firms]
        asm = f.assembly_share[firms]
        x = r.random((n_new, 2))
        new = {"firm": firms, "product": self.draw_products(r, firms),
               "dest": self.partners[r.choice(len(self.partners), n_new, p=self.pw)],
               "mode": np.where(x[:, 0] < proc, np.where(x[:, 1] < asm, 2, 1), 0).astype(np.int8),
               "pick": r.integers(0, 1 << 30, n_new), "xi": P.SD_XI * r.standard_normal(n_new),
               "u": P.SD_U * r.standard_normal(n_new)}
        s = {k: np.concatenate([s[k], new[k]]) for k in s}
        key = (s["firm"] * 1_000_003 + s["product"]) * 1_000 + s["dest"]
        _, first = np.unique(key, return_index=True)
        first.sort()
        s = {k: v[first] for k, v in s.items()}
        old = np.arange(len(s["u"])) < int(keep.sum())
        s["u"] = np.where(old, P.RHO_U * s["u"] + np.sqrt(1 - P.RHO_U**2) * P.SD_U
                          * r.standard_normal(len(s["u"])), s["u"])
        self.state = s
        return self._price_and_sell(fy, r, s)

    def _price_and_sell(self, fy, r, s) -> dict:
        fi, h, d = s["firm"], s["product"], s["dest"]
        lat = fy.latent
        n = len(fi)
        ln_lam = (self.prod.a[h] + self.zeta[fi] + s["xi"] + P.QUALITY_TREND * (fy.year - P.FIRST)
                  + P.DELTA_PATENT * np.log1p(lat["digital_patents"][fi])
                  + P.DELTA_FLEX * lat["flex"][fi] + P.DELTA_DIG * lat["lndig"][fi] + s["u"])
        tfp_dev = fy.ln_tfp[fi] - self.u.a.ln_tfp0[fi]
        ln_p = self.prod.c[h] + P.KAPPA * ln_lam - P.PSI * tfp_dev + P.SD_EP * r.standard_normal(n)
        chi = self._chi(fy.year)[h, d]
        ln_q = (chi + self.d[fi] - P.SIGMA * ln_p + (P.SIGMA - 1) * ln_lam
                + P.SD_EQ * r.standard_normal(n))
        return {"firm": fi, "product": h, "dest": d, "mode": s["mode"], "pick": s["pick"],
                "ln_lambda": ln_lam, "ln_p": ln_p, "ln_q": ln_q, "value": np.exp(ln_p + ln_q)}

    def _chi(self, year: int) -> np.ndarray:
        """Destination x product x year demand shifter, common to all Chinese exporters."""
        r = rng(self.u.seed, "firms", "chi", year)
        n_h, n_d = self.prod.n, len(self.ln_gdp)
        gdp = self.ln_gdp - self.gdp_centre
        return (np.log(BASE_VALUE) + (P.SIGMA - 1) * self.prod.c[:, None] + self.prod.b[:, None]
                + 0.5 * gdp[None, :] + 0.05 * (year - P.FIRST)
                + 0.1 * r.standard_normal((n_h, n_d)))


def monthly(r, flex: np.ndarray, value: np.ndarray, quantity: np.ndarray,
            p_active: np.ndarray | None = None, conc: np.ndarray | None = None):
    """Split annual values over active months. Returns (row index into the input, month 1-12,
    value, quantity). p_active / conc default to the flexible-productivity mapping."""
    n = len(value)
    if p_active is None:
        p_active = logistic(P.FLEX_MONTH_A + P.FLEX_MONTH_B * flex)
    if conc is None:
        conc = np.exp(P.FLEX_CONC_A - P.FLEX_CONC_B * flex)
    u = r.random((n, 12))
    active = u < p_active[:, None]
    none = ~active.any(axis=1)
    active[none, np.argmin(u[none], axis=1)] = True
    w = r.gamma(np.repeat(conc[:, None], 12, axis=1)) * active
    w = w / w.sum(axis=1, keepdims=True)
    row, month = np.nonzero(active)
    share = w[row, month]
    uv_noise = np.exp(0.03 * r.standard_normal(len(row)))
    return row, month + 1, value[row] * share, quantity[row] * share / uv_noise
