"""The firm universe: one synthetic economy 2000-2015 shared by every firm-level source.

    from synthetic.firms import FirmUniverse
    u = FirmUniverse("demo", 42)          # deterministic in (scale, seed); cheap to rebuild
    u.firms                               # DataFrame, one row per firm_uid: static traits
    u.a.<column>                          # the same columns as numpy arrays (fast)
    u.loc                                 # location arrays: city row, county code, zip, phone...
    for fy in u.years():                  # FirmYear 2000, 2001, ... 2015, one at a time
        df = fy.frame()                   # alive firms: identity, codes, size, latent attributes
        names = fy.names(idx, "survey")   # how a source ("survey", "customs") writes names
    u.robot_exposure                      # IFR industry x year exposure (after the 2000 step)

Firms are producers (industrial firms: in the survey when above the size threshold, in
customs when they trade directly) and trade intermediaries (customs only). Firm i is row i
everywhere (u.a arrays, FirmYear arrays, u.firms). Every random draw comes from a named
stream (synthetic.streams) keyed by "firms", the component and the year, so another family
can rebuild the universe and walk the years without changing any file this family writes:
register it in synthetic.generate.FAMILIES and draw its own numbers from its own streams.
Memory is bounded by the number of firms, not by years or records.

Static traits (u.firms / u.a): firm_uid, kind, founding/entry/exit year, province / city /
county code, cic2002 and cic2011, ifr_code, registration type (and after restructuring),
customs_code, legal_code_first / _second with legal_code_change_year, name_first / _second
with rename_year, english_name, pit_year / pdo_year / icp_year (trade-digitisation adoption:
cross-border platform, 1688 诚信通, own website; 0 = not by 2015), foreign, and the DGP's
size, trade and productivity traits.

FirmYear.frame() columns: year, firm_uid, kind, name (canonical name of the year),
legal_code, customs_code, cic (the year's vintage), registration_type, in_survey, exporter
(direct), importer, sales_k_rmb (latent size; the survey writes a trade-consistent value),
employment, ln_tfp, and the latent attributes later sources reveal:
  robot_exposure      ln(1 + robots per 10k workers) of the firm's IFR industry (robots.py)
  dvar                Upward-Wang-Zheng DVAR the firm's imports are set to
  digital_patents     digital invention-patent applications in the year
  other_invention_patents, utility_patents, design_patents
  pit, pdo, icp, dig_tr, lndig   trade-digitisation status (dig_tr = 1 + pdo + 2 icp + 4 pit)
  flex                latent flexible productivity (shapes the firm's export records)
"""
from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import numpy as np
import pandas as pd

from synthetic.firms import geography, industries, names
from synthetic.firms.dynamics import FirmYear, YearStepper
from synthetic.firms.params import (
    DIG_START,
    DVAR_ORDINARY,
    DVAR_PROCESSING,
    FIRST,
    LAST,
    ORDINARY_IMPORTER_SHARE,
    SD_DVAR_F,
    SMALL_SHARE,
    YEARS,
    get_firm_scale,
)
from synthetic.firms.params import INDIRECT_EXPORTER_SHARE as INDIRECT
from synthetic.streams import rng

SOE = (110, 141, 143, 151)
REGTYPES = np.array([110, 120, 130, 151, 159, 160, 171, 172, 173, 174, 190, 210, 220, 230,
                     310, 320, 330, 340])
_REG_P_DOMESTIC = np.array([0.13, 0.10, 0.04, 0.02, 0.08, 0.04, 0.06, 0.03, 0.36, 0.04, 0.02,
                            0, 0, 0, 0, 0, 0, 0])
_REG_P_FOREIGN = np.array([0] * 11 + [0.12, 0.04, 0.30, 0.14, 0.04, 0.34, 0.02])
NATURE = {110: 1, 141: 1, 143: 1, 151: 1, 120: 5, 130: 5, 142: 5, 149: 5, 210: 2, 310: 2,
          240: 2, 340: 2, 220: 3, 320: 3, 230: 4, 330: 4}


class FirmUniverse:
    def __init__(self, scale: str, seed: int):
        self.scale, self.seed = get_firm_scale(scale), seed
        self.products = industries.ProductBook(scale)
        self._cols = self._static()
        self.n = len(self._cols["firm_uid"])
        # the static traits as numpy arrays (codes fixed-width text, names Python strings)
        self.a = SimpleNamespace(**self._cols)
        self.loc = self._loc
        del self._loc
        self._firms: pd.DataFrame | None = None
        self.robot_exposure: pd.DataFrame | None = None   # set when years() passes 2000

    @property
    def firms(self) -> pd.DataFrame:
        """One row per firm_uid with every static trait (built on first use)."""
        if self._firms is None:
            self._firms = pd.DataFrame(self._cols)
        return self._firms

    # ------------------------------------------------------------------ static traits
    def _static(self) -> dict[str, np.ndarray]:
        sc, seed = self.scale, self.seed
        n_prod = sc.n_initial + sc.n_entrants * (LAST - FIRST)
        n = n_prod + sc.n_intermediaries
        r = rng(seed, "firms", "static")
        producer = np.arange(n) < n_prod
        entry = np.full(n, FIRST)
        entry[sc.n_initial:n_prod] = np.repeat(np.arange(FIRST + 1, LAST + 1), sc.n_entrants)
        founding = np.where(entry > FIRST, entry,
                            np.minimum(FIRST, np.rint(FIRST - r.gamma(1.6, 7.0, n))).astype(int))
        life = r.geometric(0.055, n)                       # years alive inside the window
        exit_year = np.where(producer, entry + life, 9999)
        exit_year = np.where(exit_year > LAST, 9999, exit_year)

        codes = industries.cic_codes()
        ci = r.choice(len(codes), size=n, p=(codes.weight / codes.weight.sum()).to_numpy())
        cic2002 = codes.cic2002.to_numpy()[ci]
        cic2 = codes.cic2.to_numpy()[ci]
        targets = codes.targets.to_numpy()[ci]
        pick = r.integers(0, 1000, n)
        cic2011 = np.array([t[k % len(t)] for t, k in zip(targets, pick)], dtype=object)
        prof = industries.profile().reindex(cic2)

        foreign = r.random(n) < prof.foreign_prop.to_numpy()
        p_dom, p_for = _REG_P_DOMESTIC / _REG_P_DOMESTIC.sum(), _REG_P_FOREIGN / _REG_P_FOREIGN.sum()
        regtype = np.where(foreign, r.choice(REGTYPES, n, p=p_for), r.choice(REGTYPES, n, p=p_dom))
        regtype = np.where((founding > 2002) & np.isin(regtype, SOE), 173, regtype)
        restructure = np.where(np.isin(regtype, SOE) & (r.random(n) < 0.35),
                               r.integers(2001, 2009, n), 0)
        regtype_after = np.where(restructure > 0, r.choice([159, 160, 173], n), regtype)

        self._loc = geography.draw(rng(seed, "firms", "location"), n)
        rn = rng(seed, "firms", "names")
        nm = names.producer_names(rn, self._loc["city"][:n_prod], cic2[:n_prod], regtype[:n_prod])
        im = names.intermediary_names(rn, self._loc["city"][n_prod:])
        name0 = np.concatenate([nm["name"], im["name"]])
        rename = np.where((restructure > 0) & (r.random(n) < 0.7), restructure,
                          np.where(r.random(n) < 0.05, r.integers(FIRST + 1, LAST + 1, n), 0))
        rename = np.where(producer, rename, 0)
        name1 = name0.copy()
        k = np.flatnonzero(rename > 0)
        name1[k] = names.renamed(rn, name0[k])
        legal0, legal1 = np.split(names.legal_codes(rn, 2 * n), 2)
        legal_change = np.where((restructure > 0) & (r.random(n) < 0.5), restructure,
                                np.where(r.random(n) < 0.02, r.integers(FIRST + 1, LAST + 1, n), 0))
        legal_change = np.where(producer, legal_change, 0)
        nature = np.array([NATURE.get(int(t), 6) for t in regtype])
        nature = np.where(producer, nature, 9)
        customs = names.customs_codes(self._loc["city_code"], nature)

        z = r.standard_normal((n, 8))
        small = producer & (r.random(n) < SMALL_SHARE)       # workshops below the survey threshold
        proc = prof.processing_prop.to_numpy()
        processing = np.where(r.random(n) < proc * np.where(foreign, 1.6, 0.6),
                              np.clip(r.beta(2.0, 1.2, n), 0.2, 1.0), 0.0)
        patent = prof.patent_prop.to_numpy()
        out = {
            "firm_uid": np.array([f"F{i:07d}" for i in range(n)], dtype="U8"),
            "kind": np.where(producer, "producer", "intermediary"),
            "entry_year": entry, "founding_year": founding, "exit_year": exit_year,
            "province_code": np.char.add(self._loc["province_code"].astype("U2"), "0000"),
            "city_code": np.char.add(self._loc["city_code"].astype("U4"), "00"),
            "county_code": self._loc["county_code"],
            "cic2002": np.where(producer, cic2002, ""), "cic2011": np.where(producer, cic2011, ""),
            "ifr_code": np.where(producer, codes.ifr.to_numpy()[ci], ""),
            "registration_type": regtype, "restructure_year": restructure,
            "registration_type_after": regtype_after, "customs_code": customs.astype("U10"),
            "legal_code_first": legal0.astype("U9"), "legal_code_second": legal1.astype("U9"),
            "legal_code_change_year": legal_change,
            "name_first": name0, "name_second": name1, "rename_year": rename,
            "english_name": np.concatenate([nm["english_name"], im["english_name"]]),
            "intermediary_name_has_akw_keyword": np.concatenate(
                [np.zeros(n_prod, bool), im["has_akw_keyword"]]),
            "producer_named_gongmao": np.concatenate([nm["gongmao"], np.zeros(n - n_prod, bool)]),
            "foreign": foreign,
            # size and productivity: ln sales (thousand RMB) in the entry year, drift, ln TFP
            "ln_sales0": np.where(small, np.log(2_200) + 0.7 * z[:, 0],
                                  np.where(entry > FIRST, np.log(6_000) + 0.9 * z[:, 0],
                                           np.log(16_000) + 1.05 * z[:, 0])),
            "growth": 0.03 + 0.04 * z[:, 1],
            "ln_tfp0": 0.35 * z[:, 2] + 0.3 * z[:, 0],
            "export_index": prof.export_prop.to_numpy() * 2.2 + np.where(foreign, 0.9, 0.0)
                            + np.where(small, 1.0, 0.0) + 0.7 * z[:, 3],
            "export_intensity": np.where(processing > 0, 0.55 + 0.4 * processing,
                                         r.beta(2.0, 4.0, n)),
            "processing_share": processing,
            "assembly_share": np.where(processing > 0, r.beta(1.2, 3.0, n), 0.0),
            "indirect_share": np.where(r.random(n) < INDIRECT, r.beta(2.0, 4.0, n), 0.0),
            "imports_when_ordinary": r.random(n) < ORDINARY_IMPORTER_SHARE,
            "dvar_base": np.clip(DVAR_ORDINARY - (DVAR_ORDINARY - DVAR_PROCESSING) * processing
                                 + SD_DVAR_F * z[:, 4], 0.15, 0.97),
            "zeta": 0.3 * z[:, 5],
            "flex_base": 0.6 * z[:, 6],
            "patent_index": patent - 4.4 + 0.9 * z[:, 7] + 0.35 * z[:, 0],
            "intermediate_share": np.clip(r.normal(0.74, 0.06, n), 0.45, 0.92),
            "capital_ratio": np.exp(r.normal(np.log(0.45), 0.5, n)),
            "wage_level": np.exp(r.normal(np.log(9.0), 0.3, n)),
        }
        out["ln_sales0"] = np.where(producer, out["ln_sales0"], np.log(40_000) + 0.8 * z[:, 0])
        return out | self._adoption(r, out)

    def _adoption(self, r, f: dict) -> dict[str, np.ndarray]:
        """Adoption year of each trade-digitisation channel (0 = not by 2015): a constant hazard
        per firm from its size and an idiosyncratic propensity -- not its industry, whose
        diffusion trend HS6 x destination x year effects would absorb -- so the timing is
        exogenous to yearly shocks and to industry trends."""
        n = len(f["kind"])
        base = 0.9 * r.standard_normal(n) + 0.25 * (f["ln_sales0"] - 9.7)
        out = {}
        for ch, (level, trend) in {"pit": (-5.0, 0.12), "pdo": (-5.0, 0.12),
                                   "icp": (-4.4, 0.14)}.items():
            first = np.zeros(n, dtype=np.int64)
            for year in range(DIG_START[ch], LAST + 1):          # O(n) memory per year
                hazard = 1 / (1 + np.exp(-(level + base + trend * (year - 2000))))
                first = np.where((first == 0) & (r.random(n) < hazard), year, first)
            out[f"{ch}_year"] = np.where(f["kind"] == "producer", first, 0)
        return out

    # ------------------------------------------------------------------ the years
    def years(self) -> Iterator[FirmYear]:
        """FirmYear for 2000..2015 in order (a fresh walk each call)."""
        stepper = YearStepper(self)
        for year in YEARS:
            yield stepper.step(year)

    def english_names(self, idx: np.ndarray) -> np.ndarray:
        return self.a.english_name[idx]
