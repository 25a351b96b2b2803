"""One year of the firm universe: who is alive, size, survey coverage, trade status, latent
attributes, and the names and codes the firm uses that year.

YearStepper carries the only cross-year state (TFP, the persistent export shock, the sales
shock); everything else is a function of static traits, the year and that year's own streams.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from synthetic.firms import geography, names, robots
from synthetic.firms.params import (
    ALL_SOE_UNTIL,
    ALPHA_DIG_FLEX,
    BETA_ROBOT,
    DVAR_TREND,
    FIRST,
    PATENT_TREND,
    ROBOT_BASE_YEAR,
    SD_DVAR,
    SD_FLEX,
    THIN_KEEP,
    THIN_YEAR,
    THRESHOLD_K_RMB,
)
from synthetic.streams import rng

SOE = (110, 141, 143, 151)
EXPORT_CUT = 2.45                  # export status: index + size + shock above this
NOMINAL_GROWTH = 0.08


@dataclass
class FirmYear:
    """State of every firm in `year` (arrays over all firms of the universe)."""
    year: int
    universe: object
    alive: np.ndarray
    in_survey: np.ndarray
    exporter: np.ndarray            # direct exporter (appears in customs as exporter)
    importer: np.ndarray
    ln_sales: np.ndarray            # ln sales, thousand RMB
    ln_tfp: np.ndarray
    employment: np.ndarray
    registration_type: np.ndarray
    legal_code: np.ndarray
    name: np.ndarray                # canonical name this year (sources write variants of it)
    cic: np.ndarray                 # CIC 4-digit of the year's vintage
    robot_exposure: np.ndarray
    dvar: np.ndarray
    latent: dict = field(default_factory=dict)   # pit pdo icp dig_tr lndig patents flex

    def frame(self, mask: np.ndarray | None = None) -> pd.DataFrame:
        """One row per alive firm (or per `mask`): identity, codes, size, latent attributes."""
        m = self.alive if mask is None else mask
        f = self.universe.a
        out = pd.DataFrame({
            "year": self.year, "firm_uid": f.firm_uid[m], "kind": f.kind[m],
            "name": self.name[m], "legal_code": self.legal_code[m],
            "customs_code": f.customs_code[m], "cic": self.cic[m],
            "registration_type": self.registration_type[m], "in_survey": self.in_survey[m],
            "exporter": self.exporter[m], "importer": self.importer[m],
            "sales_k_rmb": np.exp(self.ln_sales[m]), "employment": self.employment[m],
            "ln_tfp": self.ln_tfp[m], "robot_exposure": self.robot_exposure[m],
            "dvar": self.dvar[m]})
        for k, v in self.latent.items():
            out[k] = v[m]
        return out

    def names(self, idx: np.ndarray, source: str) -> np.ndarray:
        """Names of firms `idx` as `source` ("survey" or "customs") writes them this year."""
        u = rng(self.universe.seed, "firms", "render", source, self.year).random(
            (self.universe.n, 4))[idx]
        canon = self.name[idx]
        if source == "survey":
            return names.render(canon, u, half_brackets=0.5, spaces=0.005,
                                full_latin=0.6 if self.year <= 2007 else 0.0)
        half = 0.9 if self.year <= 2006 else 0.1 if self.year <= 2011 else 0.5
        out = names.render(canon, u, half_brackets=half, spaces=0.015, full_latin=0.2)
        c = geography.cities()
        prov = self.universe.loc["city"][idx]
        pname = c.province_name.to_numpy()[prov].astype(object)
        add = (u[:, 3] < 0.03) & ~np.array([s.startswith(p[:2]) for s, p in zip(canon, pname)])
        return np.where(add, pname + out, out)


class YearStepper:
    def __init__(self, universe):
        self.u = universe
        self.f = universe.a
        self.tfp = self.export_shock = self.sales_shock = None
        self.exposure = None                   # ifr_code x year table, fixed after 2000

    def step(self, year: int) -> FirmYear:
        f, n, seed = self.f, self.u.n, self.u.seed
        r = rng(seed, "firms", "year", year)
        producer = f.kind == "producer"
        alive = (f.entry_year <= year) & (year < f.exit_year)
        z = r.standard_normal((n, 6))
        tfp0 = f.ln_tfp0
        if self.tfp is None:
            self.tfp, self.export_shock, self.sales_shock = tfp0 + 0.1 * z[:, 0], z[:, 1], 0.2 * z[:, 2]
        else:
            self.tfp = tfp0 + 0.7 * (self.tfp - tfp0) + 0.1 * z[:, 0]
            self.export_shock = 0.85 * self.export_shock + np.sqrt(1 - 0.85**2) * z[:, 1]
            self.sales_shock = 0.6 * self.sales_shock + 0.16 * z[:, 2]
        age = year - f.entry_year
        ln_sales = (f.ln_sales0 + (NOMINAL_GROWTH + f.growth) * age
                    + NOMINAL_GROWTH * (f.entry_year - FIRST)
                    + 0.8 * (self.tfp - tfp0) + self.sales_shock)
        reg = np.where((f.restructure_year > 0) & (year >= f.restructure_year),
                       f.registration_type_after, f.registration_type)
        above = ln_sales >= np.log(THRESHOLD_K_RMB[year])
        in_survey = producer & alive & (above | (np.isin(reg, SOE) & (year <= ALL_SOE_UNTIL)))
        if year == THIN_YEAR:
            in_survey &= r.random(n) < THIN_KEEP
        exporter = alive & (~producer | (f.export_index + 0.45 * (ln_sales - 9.7)
                                         + 0.9 * self.export_shock > EXPORT_CUT))
        processing = f.processing_share > 0
        importer = alive & (~producer | (exporter & (processing | f.imports_when_ordinary))
                            | (producer & (r.random(n) < 0.04)))
        emp = np.maximum(np.rint(np.exp(ln_sales - np.log(180.0) - 0.07 * (year - FIRST)
                                        - 0.3 * (self.tfp - tfp0) + 0.25 * z[:, 3])), 5)
        change = f.legal_code_change_year
        legal = np.where((change > 0) & (year >= change), f.legal_code_second,
                         f.legal_code_first)
        ren = f.rename_year
        name = np.where((ren > 0) & (year >= ren), f.name_second, f.name_first)
        cic = f.cic2002 if year <= 2011 else f.cic2011
        if self.exposure is None:
            base = pd.Series(emp[in_survey], index=f.ifr_code[in_survey])
            assert year == ROBOT_BASE_YEAR, "the universe is walked from its first year"
            self.exposure = robots.exposure_table(seed, base.groupby(level=0).sum().to_dict())
            self.u.robot_exposure = self.exposure
        exposure = self._exposure(year)
        # the change since the base year moves DVAR (the base level is part of the firm's own)
        dvar = np.clip(f.dvar_base + DVAR_TREND * (year - FIRST) + SD_DVAR * z[:, 4]
                       + BETA_ROBOT * (exposure - self._exposure(ROBOT_BASE_YEAR)), 0.02, 0.995)
        latent = self._latent(year, r, z[:, 5])
        return FirmYear(year, self.u, alive, in_survey, exporter, importer, ln_sales, self.tfp.copy(),
                        emp, reg, legal, name, cic, exposure, dvar, latent)

    def _exposure(self, year: int) -> np.ndarray:
        ex = self.exposure[self.exposure.year == year].set_index("ifr_code").exposure
        return np.nan_to_num(pd.Series(self.f.ifr_code).map(ex).to_numpy(float))

    def _latent(self, year: int, r, z: np.ndarray) -> dict:
        f = self.f
        on = {ch: (getattr(f, f"{ch}_year") > 0) & (getattr(f, f"{ch}_year") <= year)
              for ch in ("pit", "pdo", "icp")}
        dig_tr = 1 + on["pdo"] + 2 * on["icp"] + 4 * on["pit"]
        lndig = np.log(dig_tr)
        rate = np.exp(f.patent_index + PATENT_TREND * (year - 2008))
        k = r.poisson(np.column_stack([rate, 1.2 * rate + 0.02, 4.0 * rate + 0.05,
                                       1.5 * rate + 0.03]))
        flex = f.flex_base + ALPHA_DIG_FLEX * lndig + SD_FLEX * z
        producer = f.kind == "producer"
        zero = lambda x: np.where(producer, x, 0)  # noqa: E731  traders have no patents
        return {"pit": on["pit"], "pdo": on["pdo"], "icp": on["icp"], "dig_tr": dig_tr,
                "lndig": lndig, "digital_patents": zero(k[:, 0]),
                "other_invention_patents": zero(k[:, 1]), "utility_patents": zero(k[:, 2]),
                "design_patents": zero(k[:, 3]), "flex": flex}
