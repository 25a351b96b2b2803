"""The macro sources of the synthetic universe: BACI, WDI, WITS tariffs, IFR (paper 000).

BACI and the tariffs are generated and written year by year, keeping only per-pair state
across years, so `large` (~9M BACI rows) runs in bounded memory.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.macro import baci, ifr, income_history, wdi
from synthetic.macro import countries as ctry
from synthetic.macro import products as prod
from synthetic.macro import quality_dgp as q
from synthetic.macro.tariffs import Tariffs
from synthetic.scales import YEARS, get_scale

NOTES = (
    "Planted KSW economy for China's exports (importer i x HS96 h x year t). "
    "att: mean of delta_iht over realised China flows with treat_h = 1, t >= policy_year and q "
    "present (not NA, > 0 at 3 decimals); it is the estimand of a pair-FE + year-FE DID of raw "
    "quality ln(lambda) (= KSW residual / (sigma - 1)) on post x treat. att_by_*: the same mean "
    "within groups: income by the World Bank group of income_reference_year in OGHIST "
    "(income_split_rule; it differs from WDICountry's current group for the economies that "
    "moved up since), intensity by Lall class via seeds "
    "hs96_lall_demo + lall_intensity, quality by the planted pair effect b_ih above its median "
    "(a split on estimated quality mixes in the pair demand shifter d_ih/(sigma-1), so it is "
    "attenuated). mechanism: delta rises with the pair's baseline demand shifter (export scale) "
    "and the product's baseline share of its IFR industry's China exports, so did x ln(export "
    "value) and did x industry share have positive coefficients. lnmfn_on_raw_quality: the "
    "tariff enters demand, so raw KSW quality loads on ln(1 + tau/100) with -sigma/(sigma-1). "
    "controls_sample: the same means over the flows whose importer-year has a published tariff "
    "schedule and every WDI series behind the controls (has_controls), the estimand of the "
    "columns with controls; the EU's schedule is published every year, so high-income importers "
    "weigh more there. placebo_years_effect: no effect before policy_year. Flow existence is exogenous to quality. "
    "Standardised (min-max) quality rescales these effects; the truth is on the log scale."
)


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    """Write the macro raw files of `scale` with `seed` into `out`; return {study: truth}."""
    sc, out = get_scale(scale), Path(out)
    started = time.perf_counter()
    countries = ctry.load()
    products = prod.select(prod.universe(), sc)
    countries["income_ref"] = income_history.reference_group(countries)
    partners = ctry.china_partners(countries, sc)
    exporters = countries[countries.iso3.isin(sc.other_exporters)]
    say(f"{scale}: {len(partners)} importers, {len(products)} products, "
        f"{len(exporters) + 1} exporters")

    paths = wdi.macro_paths(countries, seed)
    controls_present = wdi.write(out / "wdi", countries, paths, seed)["controls_present"]
    income_history.write(out / "wdi", countries)
    rows = countries.index[countries.iso3.isin(partners.iso3)]
    cols = [list(wdi.MACRO_YEARS).index(y) for y in YEARS]
    ln_gdp = np.log(paths["gdp"][np.ix_(rows, cols)])
    tariffs = Tariffs(seed, partners, products)
    china = q.ChinaExports(seed, sc.china_fill, partners, products, ln_gdp,
                           tariffs.tau_grid(YEARS[0]))
    baci.write_dictionaries(out / "baci", countries, products)
    codes = products.code.to_numpy()
    other_fill = sc.china_fill / len(exporters)       # others together ~ as many rows as China
    tau_cells, tariff_rows, effects = [], 0, []
    for year in YEARS:
        tau = tariffs.tau_grid(year)
        tau_cells.append(tau[::7, ::3].ravel())         # a sample for the truth's moments
        k = int(year - wdi.MACRO_YEARS[0])
        wdi_ok = np.array([c in controls_present and controls_present[c][k] for c in partners.iso3])
        published = tariffs.published[year][tariffs.reporter_of_partners(year)]
        flows = china.step(year, tau, wdi_ok & published)
        effects.append(_flow_truth(flows, tau, partners, codes, year))
        blocks = [(156, partners.baci_code.to_numpy(), flows)]
        for e in exporters.itertuples():
            imp = ctry.exporter_partners(countries, partners, e.iso3)
            blocks.append((e.baci_code, imp.baci_code.to_numpy(),
                           baci.other_flows(seed, e.iso3, len(imp), len(products), year,
                                            other_fill)))
        blocks.sort(key=lambda b: b[0])
        n = baci.write_year(out / "baci", year, blocks, codes)
        tariff_rows += tariffs.write_year(out / "tariffs", year)["rows"]
        say(f"{year}: {n:,} BACI rows ({china.stats['n'][year]:,} China), "
            f"{time.perf_counter() - started:.1f}s")
    ifr.write(out / "ifr", seed)
    write_flow_effects(out / "truth_macro", effects)

    return {"ai_policy_quality": _study_truth(china, tariffs, tau_cells, tariff_rows)}


def _flow_truth(flows: dict, tau: np.ndarray, partners, codes: np.ndarray, year: int) -> pd.DataFrame:
    """Each realised China flow's planted effect on ln lambda and its true tariff term."""
    j, k = flows["j"], flows["k"]
    return pd.DataFrame({"importer": baci.iso3_as_listed(partners.iso3.to_numpy()[j]), "hs6": codes[k],
                         "year": year,
                         "effect": np.round(flows["effect"], 9),
                         "ln_tariff": np.round(np.log1p(tau[j, k] / 100), 9)})


def write_flow_effects(out: Path, parts: list[pd.DataFrame]) -> None:
    """truth_macro/flow_effects.csv: per realised China flow (importer ISO3 as BACI lists it, HS6,
    year) the planted effect delta_ih x treat_h x post_t on ln lambda and ln(1 + tau/100) of the
    true tariff, which enters demand with -sigma. The answer key from which the analysis computes
    the estimand of each specification on its own sample (analysis.planted); the pipeline never
    reads it."""
    out.mkdir(parents=True, exist_ok=True)
    pd.concat(parts, ignore_index=True).to_csv(out / "flow_effects.csv", index=False)


def _study_truth(china: q.ChinaExports, tariffs: Tariffs, tau_cells: list, tariff_rows: int):
    tau = np.concatenate(tau_cells)
    active = [tariffs.active_reporters(y) for y in YEARS]
    published = sum(int((a & tariffs.published[y]).sum()) for a, y in zip(active, YEARS))
    return {
        "sigma": q.SIGMA, "kappa": q.KAPPA, "policy_year": q.POLICY_YEAR, "delta": q.DELTA,
        **china.truth(),
        "mechanism": {"export_scale": "+", "industry_share": "+"},
        "lnmfn_on_raw_quality": round(-q.SIGMA / (q.SIGMA - 1), 6),
        "placebo_years_effect": 0,
        "treated_ifr_industries": list(prod.TREATED_IFR),
        "control_ifr_industries": list(prod.CONTROL_IFR),
        "income_split_rule": f"high = World Bank group H or UM in {income_history.REFERENCE_YEAR} "
                             "(wdi/OGHIST.xlsx; f_income 1.3); low = LM or L (f_income 0.7)",
        "income_reference_year": income_history.REFERENCE_YEAR,
        "heterogeneity_factors": {"f_income": q.F_INCOME, "f_intensity": q.F_INTENSITY,
                                  "f_quality_high_low": list(q.F_QUALITY),
                                  "f_mech": "exp(0.25 z(d_ih) + 0.25 clip(z(share_h), -3, 3)),"
                                            " mean 1 over active pairs"},
        "dgp": {"rho_u": q.RHO, "sd_u": q.SD_U, "sd_a": q.SD_A, "sd_b": q.SD_B, "sd_d": q.SD_D,
                "mean_c": round(float(q.MEAN_C), 6), "sd_c": q.SD_C, "sd_e_price": q.SD_EP,
                "sd_e_quantity": q.SD_EQ, "quality_trend": q.TREND, "D0": q.D0,
                "gdp_elasticity": q.GDP_ELASTICITY, "presence_share": q.PRESENCE,
                "presence_stay_reenter": [q.STAY, q.REENTER],
                "treated_flow_share_target": q.TREATED_FLOW_SHARE,
                "q_na_share": q.Q_NA_SHARE},
        "tariffs": {"published_reporter_year_share": round(published / sum(a.sum()
                                                                           for a in active), 6),
                    "zero_share": round(float((tau == 0).mean()), 6),
                    "median_percent": round(float(np.median(tau)), 6),
                    "mean_percent": round(float(tau.mean()), 6), "rows": tariff_rows},
        "notes": NOTES,
    }
