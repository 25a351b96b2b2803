"""Truth files beside truth.json (never read by the pipeline): `truth_firms/`

  firms.csv            one row per firm_uid: static traits, both names and legal codes with the
                       years they change, customs code, adoption years, English name
  firm_years.csv       per year, every firm in the survey or in customs: the identities each
                       source used (legal code and name as written in the survey, customs code
                       and name as written in customs), size, trade totals, latent attributes
  robot_exposure.csv   IFR industry x year: reported, allocated and true stock, exposure
  export_varieties.csv firm x HS96 x destination x year: ln lambda, ln p, ln q, value (tiny, demo)
  planted_mess.csv     raw-file rows planted on purpose (undecodable bytes, duplicate records)
and the planted parameters of robots_dvar, digital_patents_quality, trade_digitization_quality.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from synthetic.firms import params as P
from synthetic.firms.trade import cny_per_usd

FIRM_COLUMNS = ("firm_uid", "kind", "founding_year", "entry_year", "exit_year", "province_code",
                "city_code", "county_code", "cic2002", "cic2011", "ifr_code", "registration_type",
                "restructure_year", "registration_type_after", "customs_code", "legal_code_first",
                "legal_code_second", "legal_code_change_year", "name_first", "name_second",
                "rename_year", "english_name", "intermediary_name_has_akw_keyword",
                "producer_named_gongmao", "foreign", "processing_share", "assembly_share",
                "indirect_share", "imports_when_ordinary", "pit_year", "pdo_year", "icp_year")
TOTALS = ("x", "x_ordinary", "x_processing", "x_indirect", "m_processing", "m_ordinary",
          "domestic_usd", "export_delivery_k_rmb", "sales_k_rmb", "export_records",
          "flex_measured", "ln_quality", "dvar_target", "dvar_uwz")


def _write(df: pd.DataFrame, path: Path, append: bool) -> None:
    table = pa.Table.from_pandas(df, preserve_index=False)
    with open(path, "ab" if append else "wb") as f:
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=not append))


class TruthWriter:
    def __init__(self, universe, out: Path):
        self.u, self.dir = universe, Path(out) / "truth_firms"
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob("*.csv"):
            stale.unlink()
        self.stats: dict = {"survey_rows": {}, "customs_rows": {}, "exporters": {},
                            "intermediary_export_share": {}, "share_with_digital_patents": {},
                            "dig_tr_mean_exporters": {}}
        self.planted: list[dict] = []
        self.flex_obs: list[tuple] = []        # direct exporters: firm, year, latent, measured
        self.cell_obs: list[tuple] = []        # direct exporters: firm, year, lndig, cell-demeaned lndig
        self.first = True

    def add_year(self, fy, trade: dict, customs: dict, survey: dict) -> None:
        u, tot, year = self.u, trade["totals"], fy.year
        keep = fy.in_survey.copy()
        keep[customs["firms"]] = True
        idx = np.flatnonzero(keep)
        df = fy.frame(keep).drop(columns=["name", "legal_code", "sales_k_rmb", "dvar"])
        s_name = pd.Series(survey["names"], index=survey["firms"]).reindex(idx)
        s_code = pd.Series(survey["legal_codes"], index=survey["firms"]).reindex(idx)
        c_name = pd.Series(customs["names"], index=customs["firms"]).reindex(idx)
        df.insert(3, "survey_legal_code", s_code.to_numpy())
        df.insert(4, "survey_name", s_name.to_numpy())
        df.insert(6, "customs_name", c_name.to_numpy())
        for k in TOTALS:
            df[k] = tot[k][idx]
        _write(df, self.dir / "firm_years.csv", append=not self.first)
        v = trade["varieties"]
        if u.scale.write_varieties:
            from synthetic.macro import countries as ctry
            iso3 = ctry.load().iso3.to_numpy()
            var = pd.DataFrame({"year": year, "firm_uid": u.a.firm_uid[v["firm"]],
                                "hs96": u.products.hs96[v["product"]], "destination": iso3[v["dest"]],
                                "trade_mode": np.array(["ordinary", "processing_imported",
                                                        "processing_assembly"])[v["mode"]],
                                "ln_lambda": v["ln_lambda"], "ln_p": v["ln_p"], "ln_q": v["ln_q"],
                                "value_usd": v["value"]})
            _write(var, self.dir / "export_varieties.csv", append=not self.first)
        self.first = False
        self.planted += customs["planted"] + survey["planted"]
        exporters = tot["x"] > 0
        direct = np.flatnonzero(exporters & (u.a.kind == "producer"))
        self.flex_obs.append((direct, np.full(len(direct), year), fy.latent["flex"][direct],
                              tot["flex_measured"][direct]))
        self.cell_obs.append(ksw_cell_exposure(u, fy, trade["varieties"]))
        inter = (u.a.kind == "intermediary")
        rows = trade["rows"]
        exp_rows = rows["flow"] == 0
        total_x = rows["value"][exp_rows].sum()
        self.stats["survey_rows"][str(year)] = survey["rows"]
        self.stats["customs_rows"][str(year)] = customs["rows"]
        self.stats["exporters"][str(year)] = int(exporters.sum())
        self.stats["intermediary_export_share"][str(year)] = round(float(
            rows["value"][exp_rows & inter[rows["firm"]]].sum() / total_x), 4)
        surveyed = fy.in_survey
        self.stats["share_with_digital_patents"][str(year)] = round(float(
            (fy.latent["digital_patents"][surveyed] > 0).mean()), 4)
        self.stats["dig_tr_mean_exporters"][str(year)] = round(float(
            fy.latent["dig_tr"][exporters].mean()), 4)

    def finish(self, exposure: pd.DataFrame) -> dict:
        f = self.u.firms
        _write(f[list(FIRM_COLUMNS)], self.dir / "firms.csv", append=False)
        _write(exposure, self.dir / "robot_exposure.csv", append=False)
        _write(pd.DataFrame(self.planted, columns=["file", "row", "column", "what"]),
               self.dir / "planted_mess.csv", append=False)
        return study_truths(self.stats, flex_measurement(self.flex_obs), ksw_attenuation(self.cell_obs))


def ksw_cell_exposure(u, fy, v: dict) -> tuple:
    """Per direct-exporter firm-year: lndig and the export-weighted mean over its varieties of
    lndig minus the mean lndig of the variety's KSW cell (the HS8 code customs writes x unit x
    destination x year; cells with one variety dropped, as the pipeline's singletons). The KSW
    residual removes each cell's mean quality, the firm's own included."""
    from synthetic.firms.industries import PICKS

    if not len(v["firm"]):
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    hs8 = np.asarray(u.products.hs8_table(fy.year).to_numpy(zero_copy_only=False), dtype=object)
    code = hs8[v["product"] * PICKS + v["pick"] % PICKS]
    cell = pd.factorize(pd.MultiIndex.from_arrays([code, u.products.unit[v["product"]], v["dest"]]))[0]
    n = np.bincount(cell)
    keep = n[cell] > 1
    lnd = fy.latent["lndig"][v["firm"]]
    dev = lnd - (np.bincount(cell, lnd) / n)[cell]
    firm, w = v["firm"][keep], v["value"][keep]
    firms, inv = np.unique(firm, return_inverse=True)
    z = np.bincount(inv, w * dev[keep]) / np.bincount(inv, w)
    return (firms, np.full(len(firms), fy.year), fy.latent["lndig"][firms], z)


def ksw_attenuation(obs: list[tuple]) -> dict:
    """Slope of the cell-demeaned exposure on lndig within firm and year: the factor by which a
    KSW quality estimated on the universe's cells shrinks the planted effect of lndig."""
    from tradewh.numerics import drop_singletons, two_way_residuals

    if not obs:
        return {}
    firm, year, lndig, z = (np.concatenate([o[k] for o in obs]) for k in range(4))
    keep = drop_singletons(firm, year - P.FIRST)
    if keep.sum() < 3:
        return {}
    r = two_way_residuals(np.column_stack([z[keep], lndig[keep]]), firm[keep], year[keep])
    return {"factor": round(float(r[:, 1] @ r[:, 0] / (r[:, 1] @ r[:, 1])), 6), "n_firm_years": int(keep.sum())}


def flex_measurement(obs: list[tuple]) -> dict:
    """How the paper's flex measure scales the latent flexible productivity: the slope of
    flex_measured on latent flex within firm and year over the direct exporters' firm-years
    (firm and year effects swept out exactly, singletons dropped). The a-path of paper 004's
    mediation on the measured flex estimates alpha_dig_flex times this slope."""
    from tradewh.numerics import drop_singletons, two_way_residuals

    if not obs:
        return {}
    firm, year, latent, measured = (np.concatenate([o[k] for o in obs]) for k in range(4))
    keep = drop_singletons(firm, year - P.FIRST)
    if keep.sum() < 3:
        return {}
    r = two_way_residuals(np.column_stack([measured[keep], latent[keep]]), firm[keep], year[keep])
    slope = float(r[:, 1] @ r[:, 0] / (r[:, 1] @ r[:, 1]))
    return {"flex_measured_per_latent_flex": round(slope, 6), "n_firm_years": int(keep.sum())}


def study_truths(stats: dict, flex_scale: dict | None = None, attenuation: dict | None = None) -> dict:
    universe = {"years": [P.FIRST, P.LAST], "truth_dir": "truth_firms", **stats}
    return {
        "robots_dvar": {
            "beta_robot": P.BETA_ROBOT,
            "exposure": "ln(1 + robots per 10,000 workers): 10,000 x true IFR operational stock "
                        "of the firm's IFR industry / employment of that industry's firms in the "
                        f"{P.ROBOT_BASE_YEAR} survey; the true stock adds to the reported leaf "
                        "stock the unspecified (99) stock split by each industry's mean share of "
                        f"the allocated stock in {P.ROBOT_SHARE_YEARS[0]}-{P.ROBOT_SHARE_YEARS[1]} "
                        "(truth_firms/robot_exposure.csv); CIC -> IFR by seed cic_ifr_industry",
            "dvar_definition": "Upward-Wang-Zheng direct DVAR = 1 - [M^P + X^O M^O/(D + X^O)]/X in "
                               "USD; D = (sales - export delivery) x 1000 / CNY per USD; M^O "
                               "includes the ordinary imports bought through intermediaries",
            "estimand": "among exporters that import (all processing exporters, 75% of ordinary "
                        "ones), DVAR_ft = v_f + trend t + beta_robot exposure_jt + e: firm + year "
                        "FE recover beta_robot; non-importing exporters have DVAR = 1",
            "dvar": {"trend_per_year": P.DVAR_TREND, "sd": P.SD_DVAR, "processing_level":
                     P.DVAR_PROCESSING, "ordinary_level": P.DVAR_ORDINARY},
            "intermediaries": {"ordinary_import_share_2000_mean": P.INTERMEDIARY_IMPORT_SHARE,
                               "decline_per_year": P.INTERMEDIARY_DECLINE,
                               "note": "share iota_ht of every firm's ordinary imports of HS96 h "
                                       "is bought through intermediaries (the same for all "
                                       "firms): grossing up by the intermediaries' share of h "
                                       "recovers M^O exactly"},
            "estimands": {
                "gap_on_exposure": -P.BETA_ROBOT,
                "gap_note": "Gap = the year's highest DVAR - DVAR (paper 001 Table 8, planted DVAR "
                            "definition): with firm and year fixed effects the year's maximum is absorbed, "
                            "so Gap on exposure recovers -beta_robot",
                "processing_minus_ordinary": "-",
                "processing_note": "processing exporters' firm DVAR levels are drawn around "
                                   f"{P.DVAR_PROCESSING}, ordinary exporters' around "
                                   f"{P.DVAR_ORDINARY} (non-importing ordinary exporters: 1)"},
            "cny_per_usd": {str(y): cny_per_usd(y) for y in range(P.FIRST, P.LAST + 1)},
            "extra_records": "processing equipment (来料加工装配进口的设备; 加工贸易 in 2007-2011) and "
                             "re-imports from 中华人民共和国 are outside the DVAR totals",
            "universe": universe},
        "digital_patents_quality": {
            "delta_patent": P.DELTA_PATENT, "sigma": P.SIGMA, "kappa": P.KAPPA, "psi": P.PSI,
            "regressor": "ln(1 + digital invention-patent applications of the firm-year) "
                         "(firm_years.csv digital_patents; the patents family writes the records)",
            "quality": "ln lambda of firm x HS96 product x destination x year (export_varieties."
                       "csv); with sigma imposed the KSW residual / (sigma - 1) is ln lambda minus "
                       "its HS6 x destination x year mean plus e_q / (sigma - 1)",
            "other_quality_terms": {"delta_flex": P.DELTA_FLEX, "delta_dig": P.DELTA_DIG,
                                    "trend": P.QUALITY_TREND, "rho_u": P.RHO_U, "sd_u": P.SD_U,
                                    "sd_e_price": P.SD_EP, "sd_e_quantity": P.SD_EQ},
            "patent_timing": "Poisson draws each year from static firm traits and a common trend "
                             f"({P.PATENT_TREND}/year): exogenous to quality shocks",
            "universe": universe},
        "trade_digitization_quality": {
            "delta_dig_direct": P.DELTA_DIG, "alpha_dig_flex": P.ALPHA_DIG_FLEX,
            "delta_flex": P.DELTA_FLEX,
            "total_effect_lndig": round(P.DELTA_DIG + P.ALPHA_DIG_FLEX * P.DELTA_FLEX, 6),
            "indirect_effect_flex": round(P.ALPHA_DIG_FLEX * P.DELTA_FLEX, 6),
            "ksw_cells": {
                **(attenuation or {}),
                **({"total_effect_lndig_ksw": round((P.DELTA_DIG + P.ALPHA_DIG_FLEX * P.DELTA_FLEX)
                                                    * attenuation["factor"], 6)}
                   if attenuation and "factor" in attenuation else {}),
                "note": "KSW quality is a residual within product (HS8 as written) x unit x destination "
                        "x year cells, so a firm's planted quality gain is partly removed with its own "
                        "share of each cell's mean: factor = within-firm-and-year slope of the export-"
                        "weighted cell-demeaned lndig on lndig (direct exporters' varieties, singletons "
                        "dropped); total_effect_lndig_ksw = total_effect_lndig x factor is the estimand "
                        "of the un-standardised quality regressions with the pipeline's default cells "
                        "(near 1 at the paper's scale, below it on small universes)"},
            "dig_tr": "1 + pdo + 2 icp + 4 pit (paper 004 Table 1); lndig = ln(dig_tr); adoption "
                      "years in firms.csv (0 = not by 2015)",
            "flex": "latent flex_ft = flex_f + alpha_dig_flex lndig_ft + N(0, sd); a month is "
                    "active with P = logistic(a + b flex) and monthly shares are Dirichlet with "
                    "concentration exp(c - d flex); firm_years.csv flex_measured = (population "
                    "sd / mean of the firm's export record values as written, whole USD) x "
                    "ln(number of export records); a record = one customs line (firm x HS8 x "
                    "destination x trade mode x month)",
            "flex_mapping": {"a": P.FLEX_MONTH_A, "b": P.FLEX_MONTH_B, "c": P.FLEX_CONC_A,
                             "d": P.FLEX_CONC_B, "sd": P.SD_FLEX},
            "flex_measurement": {
                **(flex_scale or {}),
                **({"alpha_dig_flex_measured": round(P.ALPHA_DIG_FLEX
                                                     * flex_scale["flex_measured_per_latent_flex"], 6)}
                   if flex_scale and "flex_measured_per_latent_flex" in flex_scale else {}),
                "note": "the paper's flex (CV x ln records) is a nonlinear, noisy function of latent "
                        "flex: its within-firm slope on latent flex is flex_measured_per_latent_flex, "
                        "so the mediation's a-path on measured flex estimates "
                        "alpha_dig_flex_measured = alpha_dig_flex x slope, and its b-path and direct "
                        "effect are those of a noisy proxy (b below delta_flex, c' above "
                        "delta_dig_direct); the total effect is unaffected"},
            "zero_effects": {
                "lninn_on_lndig": 0.0, "lntfp_true_on_lndig": 0.0,
                "lndig_x_lnsdp": 0.0, "lndig_x_dpi": 0.0, "lndig_x_iui": 0.0, "lndig_x_int": 0.0,
                "note": "patent counts are Poisson draws from static traits and a common trend, "
                        "true TFP a firm AR(1): neither responds to lndig; ln lambda has no "
                        "interaction of lndig with information cost, digital imports or internet "
                        "penetration. On the ln lambda scale these effects are 0"},
            "quality_scale": "effects are on ln lambda (raw KSW quality with the true sigma); "
                             "min-max standardised quality rescales them product by product, so "
                             "the standardised tables carry no planted value",
            "universe": universe},
    }
