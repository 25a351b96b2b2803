"""MFN applied tariffs: the true schedule (enters BACI demand) and its WITS-layout download.

A tariff exists for every importer x product x year, but a schedule is *published* for only
~55% of reporter-years (the EU every year), as in paper 000 where controls are then missing.
EU members apply the single `EUN` schedule in their member years (seed eu_members). Reporters
publish in their native HS vintage (2010-11 H3, 2012-16 H4, 2017-20 H5; ~20% lag one vintage
in the first two years of a new one). The true tariff is tied within each connected component
of the HS96 <-> native-code graph, so averaging native lines recovers it exactly.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from synthetic.csvio import write_csv
from synthetic.macro import products as prod
from synthetic.macro.countries import TAIWAN, eu_member
from synthetic.streams import rng

EU = "EUN"
FREE_PORTS = ("HKG", "MAC", "SGP")          # MFN duty-free economies
PUBLISH_SHARE, ZERO_SHARE, CUT_SHARE, LAG_SHARE, UNMAPPED_SHARE = 0.55, 0.18, 0.30, 0.20, 0.01
# positive duties ~ lognormal: with the zeros and the cuts, median ~4% and mean ~6% overall
LOG_MEAN, LOG_SD = 1.72, 0.847
HEADER = ["Selected Nomen", "Native Nomen", "Reporter", "Reporter Name", "Product",
          "Product Name", "Partner", "Partner Name", "Tariff Year", "Trade Year", "Trade Source",
          "DutyType", "Simple Average", "Weighted Average", "Standard Deviation", "Minimum Rate",
          "Maximum Rate", "Nbr of Total Lines", "Nbr of Domestic Peaks",
          "Nbr of International Peaks"]


def file_name(year: int) -> str:
    return f"DataJobID-{3_100_000 + year}_MFN_{year}.csv"


class Tariffs:
    def __init__(self, seed: int, partners: pd.DataFrame, products: pd.DataFrame):
        self.seed, self.products = seed, products
        self.comp, self.lines = prod.tariff_links(products)
        self.partner_iso = partners.iso3.to_numpy()
        self.reporters = np.array(sorted(list(self.partner_iso) + [EU]))
        self.names = dict(zip(partners.iso3, partners.name)) | {EU: "European Union"}
        nr, nc = len(self.reporters), int(self.comp.max()) + 1
        r = rng(seed, "tariffs", "schedule")
        level = np.exp(r.normal(LOG_MEAN, LOG_SD, (nr, nc)) + r.normal(0, 0.25, (nr, 1)))
        self.base = np.where(r.random((nr, nc)) < ZERO_SHARE, 0.0, np.minimum(level, 250.0))
        self.base[np.isin(self.reporters, FREE_PORTS)] = 0.0
        self.cut_year = np.where(r.random((nr, nc)) < CUT_SHARE,
                                 r.integers(2011, 2021, (nr, nc)), 9999)
        self.cut_factor = r.uniform(0.3, 0.85, (nr, nc))
        r = rng(seed, "tariffs", "published")
        self.published = {y: r.random(nr) < PUBLISH_SHARE for y in range(2010, 2021)}
        for y in self.published:
            self.published[y][self.reporters == EU] = True
            self.published[y][self.reporters == TAIWAN] = False   # no join key, as with WDI
        r = rng(seed, "tariffs", "vintage")
        self.lag = {"H4": r.random(nr) < LAG_SHARE, "H5": r.random(nr) < LAG_SHARE}
        for v in self.lag:
            self.lag[v][self.reporters == EU] = False

    def tau(self, year: int) -> np.ndarray:
        """True duties in percent, reporters x tariff components."""
        f = np.where(year >= self.cut_year, self.cut_factor, 1.0)
        return np.round(self.base * f, 2)

    def reporter_of_partners(self, year: int) -> np.ndarray:
        """Index into `reporters` of the schedule each partner applies in `year`."""
        own = np.searchsorted(self.reporters, self.partner_iso)
        eu = np.searchsorted(self.reporters, EU)
        return np.where(eu_member(self.partner_iso, year), eu, own)

    def tau_grid(self, year: int) -> np.ndarray:
        """True duties (percent) faced by China's exports, partners x products."""
        return self.tau(year)[self.reporter_of_partners(year)][:, self.comp]

    def vintage(self, k: int, year: int) -> str:
        if year <= 2011 or (year <= 2013 and self.lag["H4"][k]):
            return "H3"
        if year <= 2016 or (year <= 2018 and self.lag["H5"][k]):
            return "H4"
        return "H5"

    def active_reporters(self, year: int) -> np.ndarray:
        """Reporters whose schedule applies to someone in `year` (EU members use EUN)."""
        used = set(self.reporters[self.reporter_of_partners(year)])
        return np.array([rep in used for rep in self.reporters])

    def write_year(self, out: Path, year: int) -> dict:
        out.mkdir(parents=True, exist_ok=True)
        r = rng(self.seed, "tariffs", "lines", year)
        tau, pool = self.tau(year), prod.unmapped_pool()
        desc = self.products.description.to_numpy()
        path, rows, first = out / file_name(year), 0, True
        active = self.active_reporters(year)
        for k, rep in enumerate(self.reporters):
            if not (active[k] and self.published[year][k]):
                continue
            v = self.vintage(k, year)
            lines = self.lines[v]
            n_un = max(1, round(UNMAPPED_SHARE * len(lines)))
            native = np.concatenate([lines.native.to_numpy(),
                                     r.choice(pool, n_un, replace=False)])
            duty = np.concatenate([tau[k, lines.comp.to_numpy()],
                                   np.round(np.exp(r.normal(LOG_MEAN, LOG_SD, n_un)), 2)])
            # a native line is named after its own code, in the words of an HS96 code it maps to
            names = np.concatenate([
                [f"{desc[p].split(':')[0]}: {c[:4]}.{c[4:]}"
                 for c, p in zip(lines.native, lines["product"])],
                np.full(n_un, "Special classification provisions, national")])
            order = np.argsort(native, kind="stable")
            table = self._table(r, v, rep, year, native[order], names[order], duty[order])
            write_csv(path, HEADER, table, quote_strings=True, append=not first)
            first, rows = False, rows + len(native)
        if first:   # nobody published: header only, so every year has its file
            write_csv(path, HEADER, self._table(r, "H5", EU, year, np.array([], str),
                                                np.array([], str), np.array([])), True)
        return {"rows": rows}

    def _table(self, r, v, rep, year, native, names, duty) -> pa.Table:
        """One reporter's lines; the columns the warehouse ignores get plausible values."""
        n = len(native)
        nl = 1 + r.poisson(1.5, n)                      # national lines under the HS6 code
        sd = np.where(nl > 1, np.round(duty * r.uniform(0, 0.4, n), 2), 0.0)
        const = lambda x: pa.array([x] * n, pa.string())  # noqa: E731
        cols = [const(v), const(v), const(rep), const(self.names[rep]),
                pa.array(native, pa.string()), pa.array(names, pa.string()),
                const("WLD"), const("World"), pa.array(np.full(n, year)),
                pa.array(np.full(n, year)), const("Comtrade"), const("MFN"),
                pa.array(duty, pa.float64()),                                  # Simple Average
                pa.array(np.round(duty * r.uniform(0.8, 1.1, n), 2)),          # Weighted Average
                pa.array(sd),
                pa.array(np.maximum(0.0, np.round(duty - sd * r.uniform(0.5, 1.5, n), 2))),
                pa.array(np.round(duty + sd * r.uniform(0.5, 1.5, n), 2)), pa.array(nl),
                pa.array(r.binomial(nl, 0.05)), pa.array(np.where(duty > 15, nl, 0))]
        return pa.table(cols, names=HEADER)
