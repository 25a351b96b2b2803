"""Province-year fundamentals: latent digital development, the 15 digital indicators, and the
controls' raw series (GDP, GDP per capita, trade, FDI, S&T spending, the RMB/USD rate).

Values are in the canonical units of seed yearbook_indicators; printing converts units.
Magnitudes are rough 2015 levels of a province of 40 million people.
"""
from __future__ import annotations

import numpy as np

from synthetic.provinces.geography import PROVINCES
from synthetic.streams import rng

YEARS = np.arange(2010, 2023)
# code: (2015 level of a 40M-person province, size elasticity, loading on latent digital level)
DIGITAL = {
    "broadband_ports": (1500.0, 1.0, 0.7),
    "mobile_exchange_capacity": (4500.0, 1.0, 0.5),
    "optical_cable_length": (35000.0, 0.8, 0.3),
    "domain_names": (60.0, 1.0, 1.3),
    "broadband_subscribers": (700.0, 1.0, 0.7),
    "mobile_subscribers": (4000.0, 1.0, 0.5),
    "telecom_volume": (800.0, 1.0, 0.9),
    "software_revenue": (300.0, 1.0, 1.5),
    "websites": (10.0, 1.0, 1.3),
    "tech_market_turnover": (100.0, 0.9, 1.4),
    "info_service_employment": (10.0, 0.9, 0.8),
    "info_service_fai": (150.0, 0.9, 0.8),
    "patents_granted": (10000.0, 1.1, 1.1),
    "rd_expenditure": (2.0e6, 1.1, 1.0),
    "rd_personnel_fte": (50000.0, 1.1, 1.0),
}
DIMENSION = {c: d for d, codes in {
    "d1": ("broadband_ports", "mobile_exchange_capacity", "optical_cable_length", "domain_names"),
    "d2": ("broadband_subscribers", "mobile_subscribers", "telecom_volume", "software_revenue", "websites"),
    "d3": ("tech_market_turnover", "info_service_employment", "info_service_fai"),
    "d4": ("patents_granted", "rd_expenditure", "rd_personnel_fte")}.items() for c in codes}
# RMB per USD, annual average (published national figures, rounded)
USD_RATE = dict(zip(YEARS.tolist(), [6.7695, 6.4588, 6.3125, 6.1932, 6.1428, 6.2284, 6.6423,
                                     6.7518, 6.6174, 6.8985, 6.8976, 6.4515, 6.7261]))


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std()


class Economy:
    """All series as arrays (province x year), provinces in geography order."""

    def __init__(self, seed: int):
        r = rng(seed, "provinces", "economy")
        n, t = len(PROVINCES), len(YEARS)
        self.pop = np.array([p.pop_2010 for p in PROVINCES])[:, None] * 1.005 ** (YEARS - 2010)
        ln_pgdp0 = np.log([p.pgdp_2010 for p in PROVINCES])
        # latent digital development: richer and bigger provinces start higher; speeds differ
        l0 = 0.9 * _z(ln_pgdp0) + 0.4 * _z(np.log(self.pop[:, 0])) + r.normal(0, 0.3, n)
        speed = 0.05 + 0.01 * r.standard_normal(n) - 0.012 * _z(l0)      # laggards catch up
        shocks = np.cumsum(r.normal(0, 0.02, (n, t)), axis=1)
        self.latent = l0[:, None] + speed[:, None] * (YEARS - 2015) + shocks
        self.latent -= self.latent[:, YEARS == 2015].mean()
        # GDP per capita: nominal growth slowing over time, a 2020 dip, tied to digital speed
        growth = (0.09 - 0.004 * (YEARS[1:] - 2011))[None, :] + 0.3 * (speed - 0.05)[:, None] \
            + r.normal(0, 0.015, (n, t - 1)) - 0.05 * (YEARS[1:] == 2020)[None, :]
        self.pgdp = np.exp(ln_pgdp0[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(growth, 1)], 1))
        self.gdp = self.pgdp * self.pop / 1e4                      # 100M yuan
        self.primary_share = np.clip(0.17 - 0.05 * _z(ln_pgdp0) + r.normal(0, 0.02, n), 0.003, 0.3)
        coast = np.array([p.coast for p in PROVINCES])
        open0 = np.clip(2.2 * coast + r.normal(0, 0.03, n), 0.02, 1.5)
        self.open = open0[:, None] * np.exp(-0.03 * (YEARS - 2010) + np.cumsum(r.normal(0, 0.06, (n, t)), 1))
        rate = np.array([USD_RATE[int(y)] for y in YEARS])
        self.trade_total_usd = self.open * self.gdp * 1e8 / rate / 1e3   # thousand USD
        fdi0 = np.exp(np.log(self.gdp[:, 0]) * 1.1 + 2.5 * coast + r.normal(-1.0, 0.5, n))
        self.fdi_utilised = fdi0[:, None] * np.exp(np.cumsum(r.normal(0.03, 0.15, (n, t)), 1))
        sci_share = np.exp(np.log(0.008) + 0.5 * _z(l0) + r.normal(0, 0.2, n))
        self.sci_expenditure = sci_share[:, None] * self.gdp * np.exp(np.cumsum(r.normal(0.01, 0.08, (n, t)), 1))
        self.digital = self._digital(r, n, t)

    def _digital(self, r, n, t) -> dict[str, np.ndarray]:
        ln_size = np.log(self.pop / 4000.0)
        # each province is stronger in some dimensions (infrastructure, use, industry, R&D)
        dimension = {d: r.normal(0, 0.6, n)[:, None] for d in ("d1", "d2", "d3", "d4")}
        out = {}
        for code, (level, size_el, load) in DIGITAL.items():
            own = dimension[DIMENSION[code]] + r.normal(0, 0.2, n)[:, None]
            noise = r.normal(0, 0.05, (n, t))
            out[code] = level * np.exp(size_el * ln_size + load * self.latent + own + noise)
        return out

    def canonical(self) -> dict[str, np.ndarray]:
        """Controls' raw series in canonical units (the mediators' inputs come later)."""
        return {"pgdp": self.pgdp, "gdp": self.gdp, "trade_total_usd": self.trade_total_usd,
                "fdi_utilised": self.fdi_utilised, "sci_expenditure": self.sci_expenditure,
                **self.digital}
