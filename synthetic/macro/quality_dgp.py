"""The planted economy of paper 000: AI policy from 2015 raises the export quality of
robot-using industries; China's exports follow KSW (2013) CES demand.

  ln lam_iht = a_h + b_ih + g_t + delta_ih * treat_h * 1[t >= 2015] + u_iht   (u AR(1) in i,h)
  ln p_iht   = c_h + kappa * ln lam_iht + e_p                           (FOB unit value, k$/t)
  ln q_iht   = (s-1) ln lam - s ln p - s ln(1 + tau/100) + D_it + d_ih + e_q      (tonnes)
  delta_ih   = delta * f_income(i) * f_intensity(h) * f_quality(ih) * f_mech(ih)

Which flows exist is exogenous to quality: a pair is active with a probability driven by
importer size and time-invariant product traits (a random propensity, manufacturing, treated),
drawn independently of every quality term, and active pairs are present in a year through a
persistent two-state chain (~85% of years). Per-pair state (presence, AR(1)
term) is all that is carried across years, so any scale is generated year by year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from synthetic.streams import rng

SIGMA, KAPPA, DELTA, POLICY_YEAR = 3.0, 0.5, 0.08, 2015
RHO, SD_U, SD_A, SD_B, SD_D, SD_C, MEAN_C = 0.5, 0.15, 0.5, 0.3, 0.8, 1.0, np.log(5.0)
SD_EP, SD_EQ, TREND = 0.2, 0.1, 0.01
D0, GDP_ELASTICITY = 8.05, 0.9      # D_it = D0 + 0.9 (ln GDP_it - mean ln GDP_i,2010)
PRESENCE, STAY, REENTER = 0.85, 0.92, 0.45   # stationary share 0.45 / (0.08 + 0.45) = 0.85
TREATED_FLOW_SHARE = 0.66          # paper: 63-69% of China's flows are in treated products
Q_NA_SHARE, NA_PAD_SHARE = 0.02, 0.4
F_INCOME = {"H": 1.3, "UM": 1.3, "LM": 0.7, "L": 0.7}
F_INTENSITY = {"labour": 1.5, "capital": 1.0, "technology": 0.6, "none": 1.0}
F_QUALITY = (1.25, 0.75)            # b_ih above / not above its median
MECH_SCALE, MECH_SHARE, Z_CLIP = 0.25, 0.25, 3.0


def _z(x: np.ndarray, over: np.ndarray | None = None) -> np.ndarray:
    ref = x if over is None else x[over]
    return (x - ref.mean()) / ref.std()


class ChinaExports:
    """China's export flows to `partners` in `products`, one year at a time."""

    def __init__(self, seed: int, fill: float, partners: pd.DataFrame, products: pd.DataFrame,
                 ln_gdp: np.ndarray, tau2010: np.ndarray):
        self.seed = seed
        ni, nh = len(partners), len(products)
        self.shape = (ni, nh)
        r = rng(seed, "quality", "pairs")
        self.a = r.normal(0, SD_A, nh)
        self.c = r.normal(MEAN_C, SD_C, nh)
        self.b = r.normal(0, SD_B, self.shape)
        self.d = r.normal(0, SD_D, self.shape)
        self.g = dict(zip(range(2010, 2021), TREND * np.arange(11) + r.normal(0, 0.01, 11)))
        self.D = D0 + GDP_ELASTICITY * (ln_gdp - ln_gdp[:, 0].mean())
        self.treat = products.treated.to_numpy()
        self.active = self._activity(fill, products, ln_gdp[:, 0])

        # heterogeneous effect by the income group of the reference year (OGHIST, which, like
        # the real file, also classifies Taiwan)
        inc = partners.income_ref.to_numpy()
        self.high_income = np.isin(inc, ("H", "UM"))
        self.income_known = np.ones(len(partners), dtype=bool)
        self.intensity = products.intensity.to_numpy()
        self.high_quality = self.b > np.median(self.b[self.active])
        z_scale = _z(self.d, self.active)
        share = self._baseline_share(products, tau2010)
        z_share = np.clip(_z(share), -Z_CLIP, Z_CLIP)
        mech = np.exp(MECH_SCALE * z_scale + MECH_SHARE * z_share[None, :])
        mech /= mech[self.active].mean()
        self.delta = (DELTA * np.array([F_INCOME[i] for i in inc])[:, None]
                      * np.array([F_INTENSITY[k] for k in self.intensity])[None, :]
                      * np.where(self.high_quality, *F_QUALITY) * mech)
        self.present = self.u = None
        self.stats = {"n": {}, "treated": 0, "rows": 0, "att": [0.0, 0]}

    def _activity(self, fill, products, ln_gdp2010) -> np.ndarray:
        """Active pairs: P = logistic(alpha + z(ln GDP_i) + prop_h + beta * treat_h).

        China trades manufactures, and robot-using ones most, more densely than primary goods:
        alpha and beta are solved so that the expected cell fill is `fill` and the treated share
        of flows is TREATED_FLOW_SHARE. These are time-invariant traits drawn independently of
        quality, so which flows exist stays exogenous to it.
        """
        r = rng(self.seed, "quality", "activity")
        prop = r.normal(0, 0.8, self.shape[1]) + 0.4 * products.manufacturing.to_numpy()
        treat = self.treat.astype(float)
        z = _z(ln_gdp2010)
        grid = np.linspace(-30, 30, 3001)          # mean over importers of P, given x_h
        curve = (1 / (1 + np.exp(-(grid[:, None] + z[None, :])))).mean(axis=1)

        def solve_alpha(beta: float) -> tuple[float, np.ndarray]:
            lo, hi = -30.0, 30.0
            for _ in range(50):
                mid = (lo + hi) / 2
                p = np.interp(mid + prop + beta * treat, grid, curve)
                lo, hi = (mid, hi) if p.mean() < fill / PRESENCE else (lo, mid)
            return lo, p
        lo, hi = -5.0, 5.0
        for _ in range(40):
            beta = (lo + hi) / 2
            p = solve_alpha(beta)[1]
            lo, hi = (beta, hi) if (p * treat).sum() / p.sum() < TREATED_FLOW_SHARE \
                else (lo, beta)
        alpha = solve_alpha(lo)[0]
        logit = alpha + z[:, None] + (prop + lo * treat)[None, :]
        return r.random(self.shape) < 1 / (1 + np.exp(-logit))

    def _baseline_share(self, products, tau2010) -> np.ndarray:
        """Expected 2010 share of each product in its IFR industry's China exports."""
        m = ((SIGMA - 1) * (1 - KAPPA) * (self.a[None, :] + self.b) - (SIGMA - 1) * self.c[None, :]
             - SIGMA * np.log1p(tau2010 / 100) + self.D[:, :1] + self.d)
        v = np.where(self.active, np.exp(m), 0.0).sum(axis=0)
        total = pd.Series(v).groupby(products.ifr.to_numpy()).transform("sum").to_numpy()
        return v / total

    def step(self, year: int, tau: np.ndarray, controls: np.ndarray | None = None) -> dict:
        """Flows of `year` (row-major in partners x products, i.e. sorted by j then k).
        `controls`: partners whose controls the warehouse can build this year (the truth's
        controls sample, the rows of the paper's columns with controls)."""
        r = rng(self.seed, "quality", "year", year)
        x = r.random(self.shape)
        if self.present is None:
            self.present = x < PRESENCE
            self.u = SD_U * r.standard_normal(self.shape)
        else:
            self.present = np.where(self.present, x < STAY, x < REENTER)
            self.u = RHO * self.u + np.sqrt(1 - RHO**2) * SD_U * r.standard_normal(self.shape)
        idx = np.flatnonzero(self.active & self.present)
        ii, hh = np.divmod(idx, self.shape[1])
        n = len(idx)
        effect = self.delta.ravel()[idx] * self.treat[hh] * (year >= POLICY_YEAR)
        ln_lam = (self.a[hh] + self.b.ravel()[idx] + self.g[year] + effect
                  + self.u.ravel()[idx])
        ln_p = self.c[hh] + KAPPA * ln_lam + SD_EP * r.standard_normal(n)
        ln_q = ((SIGMA - 1) * ln_lam - SIGMA * ln_p - SIGMA * np.log1p(tau.ravel()[idx] / 100)
                + self.D[ii, year - 2010] + self.d.ravel()[idx] + SD_EQ * r.standard_normal(n))
        v = np.clip(np.exp(ln_p + ln_q), 0.001, 1e12)
        q = np.exp(ln_q)
        q_na = r.random(n) < Q_NA_SHARE
        pad = r.random(n) < NA_PAD_SHARE
        self._record(year, ii, hh, idx, q_na | (np.rint(q * 1000) < 1),
                     np.ones(self.shape[0], bool) if controls is None else controls)
        return {"j": ii, "k": hh, "v": v, "q": q, "q_na": q_na, "pad": pad, "effect": effect}

    def _record(self, year, ii, hh, idx, q_missing, controls) -> None:
        """Accumulate the estimand: delta over treated post-policy flows with q present."""
        s = self.stats
        s["n"][year] = len(idx)
        s["rows"] += len(idx)
        s["treated"] += int(self.treat[hh].sum())
        if year < POLICY_YEAR:
            return
        keep = self.treat[hh] & ~q_missing
        ii, hh, dl = ii[keep], hh[keep], self.delta.ravel()[idx[keep]]
        groups = {
            "att": np.ones(len(dl), bool),
            f"year.{year}": np.ones(len(dl), bool),
            "income.high": self.high_income[ii] & self.income_known[ii],
            "income.low": ~self.high_income[ii] & self.income_known[ii],
            "quality.high": self.high_quality.ravel()[idx[keep]],
            "quality.low": ~self.high_quality.ravel()[idx[keep]],
        } | {f"intensity.{k}": self.intensity[hh] == k for k in ("labour", "capital", "technology")}
        in_controls = controls[ii]
        for name, m in groups.items():
            for key, mm in ((name, m), (f"controls.{name}", m & in_controls)):
                acc = s.setdefault(key, [0.0, 0])
                acc[0] += float(dl[mm].sum())
                acc[1] += int(mm.sum())

    def truth(self) -> dict:
        s = self.stats
        mean = lambda key: round(s[key][0] / s[key][1], 6) if s[key][1] else None  # noqa: E731
        def atts(p: str) -> dict:
            return {
                "att": mean(f"{p}att"),
                "att_by_income": {g: mean(f"{p}income.{g}") for g in ("high", "low")},
                "att_by_intensity": {g: mean(f"{p}intensity.{g}")
                                     for g in ("labour", "capital", "technology")},
                "att_by_quality": {g: mean(f"{p}quality.{g}") for g in ("high", "low")},
                "att_by_year": {y: mean(f"{p}year.{y}") for y in sorted(
                    k.split(".")[-1] for k in s if k.startswith(f"{p}year."))},
                "n_att_flows": s[f"{p}att"][1],
            }
        return {
            **atts(""),
            "controls_sample": atts("controls."),
            "n_china_flows": {str(y): n for y, n in s["n"].items()},
            "treated_share_of_flows": round(s["treated"] / s["rows"], 6),
        }
