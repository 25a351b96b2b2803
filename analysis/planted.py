"""Per-row planted effects of a synthetic universe, for the estimand of each specification.

A cell's planted value is only the estimand of its column when the specification recovers it.
With heterogeneous effects a two-way fixed-effects DID estimates a regression-weighted average
of the per-row effects, not their simple mean; a placebo term or a control picks up part of
them; and a pipeline step before the regression (a first-stage residual) can change how a
planted coefficient reaches the outcome. All follow from linearity: write the outcome as
y = P + (terms the specification absorbs or that are independent of its regressors), P the
planted part (the per-row effects and any other planted term, on the outcome's scale). The
expected coefficient of a term is then the coefficient of the same regression, on the same rows,
of P. ``effect_rows`` computes that regression.

A rule (``PLANTED_EFFECTS``, named by the spec's ``planted_effects``) maps the universe's answer
key to per-row effects on each outcome's scale, replaying the pipeline's own linear steps. The
pipeline never reads the answer key; only this evaluation does, and only when it exists.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import SpecError
from analysis.core.panel import Fetch
from analysis.core.schema import diag_term, tidy_rows
from analysis.estimators.refit import refit_on
from analysis.spec.types import Column
from tradewh.numerics import two_way_residuals

EFFECT = "planted_effect__"


def ksw_quality(fetch: Fetch, raw_dir: Path, truth: dict) -> pd.DataFrame | None:
    """Paper 000: the planted part of every KSW quality column of the panel, keyed by importer,
    hs6, year, from truth_macro/flow_effects.csv (per flow: the effect tau on ln lambda and the
    true tariff term ln(1 + t/100)).

    KSW quality is the residual of ln q + s ln p on HS6 and importer-year effects, over s - 1
    (int_quality__ksw_residuals). With ln q = (S-1) ln lambda - S ln p - S ln(1 + t/100) + ... and
    ln p = c + k ln lambda + ... (S, k the universe's sigma and kappa), the planted part of
    ln q + s ln p is ((S-1) + (s-S) k) tau - S ln(1 + t/100), and quality_raw_s{s} moves by the
    residual of that on the same two effects over the same rows, over s - 1. The tariff term is
    kept because a column with lnmfn estimates its coefficient through that residual (the
    importer-year part of the tariff is gone from quality but not from lnmfn), and it may load on
    any other term. quality_std_s{s} (lnquality = quality_std_s3) is raw quality min-max scaled
    within HS6, an affine map whose slope is read off the panel."""
    path = Path(raw_dir) / "truth_macro" / "flow_effects.csv"
    params = truth.get("studies", {}).get("ai_policy_quality", {})
    if not path.is_file() or not {"sigma", "kappa"} <= set(params):
        return None
    sigma, kappa = float(params["sigma"]), float(params["kappa"])
    keys = ["importer", "hs6", "year"]
    planted = pd.read_csv(path, dtype={"importer": str, "hs6": str, "year": "int64",
                                       "effect": "float64", "ln_tariff": "float64"})
    sample = fetch("SELECT importer, hs6, year FROM int_quality__ksw_residuals ORDER BY importer, hs6, year")
    sample["year"] = sample["year"].astype("int64")
    flows = sample.merge(planted, on=keys, how="left", validate="one_to_one")
    if flows["ln_tariff"].isna().any():
        raise SpecError(f"{path}: {int(flows['ln_tariff'].isna().sum())} KSW rows have no flow in the answer "
                        f"key (the key lists every realised China flow)")
    parts = flows[["effect", "ln_tariff"]].to_numpy()
    hs6 = pd.factorize(sample["hs6"])[0]
    imp_year = pd.factorize(sample["importer"] + "|" + sample["year"].astype(str))[0]
    tau, tariff = (two_way_residuals(parts, hs6, imp_year) if len(sample) else parts).T
    panel_cols = list(fetch("SELECT * FROM panel_ai_policy_quality LIMIT 0").columns)
    sigmas = sorted(int(m.group(1)) for c in panel_cols if (m := re.fullmatch(r"quality_raw_s(\d+)", c)))
    out = sample[keys].copy()
    for s in sigmas:
        out[f"quality_raw_s{s}"] = (((sigma - 1) + (s - sigma) * kappa) * tau - sigma * tariff) / (s - 1)
        if f"quality_std_s{s}" in panel_cols:
            slope = fetch(f"SELECT hs6, (max(quality_std_s{s}) - min(quality_std_s{s})) / "
                          f"nullif(max(quality_raw_s{s}) - min(quality_raw_s{s}), 0) AS slope "
                          f"FROM panel_ai_policy_quality GROUP BY hs6")
            m = out[["hs6"]].merge(slope, on="hs6", how="left")["slope"].fillna(0.0).to_numpy()
            out[f"quality_std_s{s}"] = out[f"quality_raw_s{s}"] * m
    if "quality_std_s3" in out:
        out["lnquality"] = out["quality_std_s3"]
    return out


def ksw_firm_quality(fetch: Fetch, raw_dir: Path, truth: dict) -> pd.DataFrame | None:
    """Paper 002: the planted part of the firm x destination x year quality measures (qua,
    qua_fixed, qua_raw, qua_raw_fixed, qua_core, qua_noncore), keyed by firm_id, iso3, year.

    The universe plants delta_patent x ln(1 + digital patents of the true firm-year) on the
    ln lambda of each of its varieties (truth_firms/firm_years.csv; a firm_id's true firm from
    int_firm__truth_firm_map). The pipeline's linear steps are replayed on it
    (int_quality__variety_quality, idx_firm_export_quality): the KSW residual nets each variety
    of its HS6 x destination x year cell mean over the cell's estimation rows, so a firm's own
    effect is diluted by its share of the cell, and it moves ln q + s ln p by ((S-1) + (s-S) k)
    (S, k the universe's sigma and kappa; s the product's sigma); quality = that over s - 1;
    the standardised index times the product's min-max factor (inv_range); then the export-value
    weighted means over the firm-destination-year's products, and the core product (largest
    value, ties by code). The replay is checked against the pipeline: the same steps on the
    measured quality must give the panel's own values."""
    study = truth.get("studies", {}).get("digital_patents_quality", {})
    path = Path(raw_dir) / "truth_firms" / "firm_years.csv"
    if not path.is_file() or not {"delta_patent", "sigma", "kappa"} <= set(study):
        return None
    delta, big_s, kappa = (float(study[k]) for k in ("delta_patent", "sigma", "kappa"))
    fy = pd.read_csv(path, usecols=["firm_uid", "year", "digital_patents"], dtype={"firm_uid": str})
    v = fetch("""
        select e.firm_id, e.iso3, e.year, e.hs6, e.value_usd, m.firm_uid, q.in_estimation,
               q.sigma_used, p.sigma_fixed, q.quality, q.quality_fixed, q.r_qua, q.r_qua_fixed,
               q.inv_range, q.inv_range_fixed, q.firm_id is not null as has_quality,
               q.ln_q, q.ln_p, q.ln_rgdp, p.phi_used, p.phi_fixed
        from int_trade__firm_export_products e
        left join int_quality__variety_quality q
          on e.firm_id = q.firm_id and e.hs6 = q.hs6 and e.iso3 = q.iso3 and e.year = q.year
        left join int_quality__ksw_products p on q.hs6 = p.hs6
        left join int_firm__truth_firm_map m on e.firm_id = m.firm_id
        order by e.firm_id, e.iso3, e.year, e.hs6""")
    v["year"] = v["year"].astype("int64")
    fy["year"] = fy["year"].astype("int64")
    x = v[["firm_uid", "year"]].merge(fy, on=["firm_uid", "year"], how="left")["digital_patents"]
    planted = delta * np.log1p(x.fillna(0.0).to_numpy())
    cell = [v["hs6"], v["iso3"], v["year"]]
    # the fixed variant's estimation rows: cells with more than one variety (all rows with quality)
    v["in_estimation_fixed"] = v["has_quality"] & (v.groupby(cell)["has_quality"].transform("sum") > 1)
    sigmas = {"": v["sigma_used"].to_numpy(dtype=float), "_fixed": v["sigma_fixed"].to_numpy(dtype=float)}
    phis = {"": v["phi_used"].to_numpy(dtype=float), "_fixed": v["phi_fixed"].to_numpy(dtype=float)}

    def cell_net(values: np.ndarray, suffix: str) -> np.ndarray:
        """values net of their mean over the cell's estimation rows (the KSW residual step)."""
        on = v["in_estimation" + suffix].fillna(False).astype(bool).to_numpy()
        return values - pd.Series(np.where(on, values, np.nan)).groupby(cell).transform("mean").to_numpy()

    for suffix, sig in sigmas.items():
        load = ((big_s - 1) + (sig - big_s) * kappa) / (sig - 1)
        v[f"p_quality{suffix}"] = np.where(v[f"quality{suffix}"].notna(), load * cell_net(planted, suffix), np.nan)
        v[f"p_r_qua{suffix}"] = np.where(v[f"r_qua{suffix}"].notna(),
                                         v[f"p_quality{suffix}"] * v[f"inv_range{suffix}"], np.nan)
        # the replay of the step on the measured outcome must give the pipeline's quality
        y = (v["ln_q"].to_numpy(dtype=float) + sig * v["ln_p"].to_numpy(dtype=float)
             - phis[suffix] * v["ln_rgdp"].to_numpy(dtype=float))
        _same(cell_net(y, suffix) / (sig - 1), v[f"quality{suffix}"].to_numpy(dtype=float), f"quality{suffix}")
    keys = ["firm_id", "iso3", "year"]
    rank = v.sort_values(["value_usd", "hs6"], ascending=[False, True], kind="stable").groupby(keys).cumcount()
    v["is_core"] = rank.reindex(v.index).to_numpy() == 0

    def weighted(col: str, rows: pd.Series | None = None) -> pd.Series:
        ok = v[col].notna() & (True if rows is None else rows)
        w = v["value_usd"].where(ok)
        num = (w * v[col]).groupby([v[k] for k in keys]).sum(min_count=1)
        return num / w.groupby([v[k] for k in keys]).sum(min_count=1)

    out = pd.DataFrame({
        "qua": weighted("p_r_qua"), "qua_fixed": weighted("p_r_qua_fixed"),
        "qua_raw": weighted("p_quality"), "qua_raw_fixed": weighted("p_quality_fixed"),
        "qua_core": v["p_r_qua"].where(v["is_core"]).groupby([v[k] for k in keys]).max(),
        "qua_noncore": weighted("p_r_qua", ~v["is_core"]),
    })
    _check_replay(fetch, v, keys, weighted)
    return out.reset_index()


def _same(mine: np.ndarray, pipeline: np.ndarray, what: str) -> None:
    bad = ~(np.isclose(mine, pipeline, rtol=1e-7, atol=1e-9) | (np.isnan(mine) & np.isnan(pipeline)))
    if bad.any():
        raise SpecError(f"planted effects (ksw_firm_quality): replaying the pipeline gives another {what} "
                        f"for {int(bad.sum())} of {len(bad)} rows: the rule no longer mirrors the pipeline "
                        f"(a changed model or dbt var?)")


def _check_replay(fetch: Fetch, v: pd.DataFrame, keys: list[str], weighted) -> None:
    """The replayed aggregation, run on the measured quality, must give the panel's measures."""
    mine = pd.DataFrame({"qua": weighted("r_qua"), "qua_raw_fixed": weighted("quality_fixed"),
                         "qua_core": v["r_qua"].where(v["is_core"]).groupby([v[k] for k in keys]).max()})
    theirs = fetch("select firm_id, iso3, year, qua, qua_raw_fixed, qua_core from idx_firm_export_quality")
    theirs["year"] = theirs["year"].astype("int64")
    both = mine.reset_index().merge(theirs, on=keys, how="left", suffixes=("", "_pipeline"))
    for c in mine.columns:
        _same(both[c].to_numpy(dtype=float), both[f"{c}_pipeline"].to_numpy(dtype=float), c)


# rule name -> (key columns, rule)
PLANTED_EFFECTS: dict[str, tuple[list[str], Callable[[Fetch, Path, dict], pd.DataFrame | None]]] = {
    "ksw_quality": (["importer", "hs6", "year"], ksw_quality),
    "ksw_firm_quality": (["firm_id", "iso3", "year"], ksw_firm_quality),
}


def effect_keys(name: str) -> list[str]:
    if name not in PLANTED_EFFECTS:
        raise SpecError(f"planted_effects: unknown rule {name!r}; known: {sorted(PLANTED_EFFECTS)}")
    return PLANTED_EFFECTS[name][0]


def load_effects(name: str, fetch: Fetch, raw_dir: Path | None, truth: dict | None) -> pd.DataFrame | None:
    """The per-row planted effects (None on real data, or a universe without an answer key)."""
    effect_keys(name)
    if raw_dir is None or truth is None:
        return None
    return PLANTED_EFFECTS[name][1](fetch, Path(raw_dir), truth)


def effect_rows(col: Column, data: pd.DataFrame, effects: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``diag:planted_effect:<term>`` rows: for each row with an ``estimand``, the coefficient of
    its term when the column's regression (same right-hand side, fixed effects, weights, sample
    and singleton rule) is run on the planted effect on the outcome's scale instead of the
    outcome. The comparison turns it into the estimand (analysis.reporting.compare)."""
    depvar = col.parsed.depvar
    if depvar not in effects.columns:
        raise SpecError(f"column {col.name!r}: the planted effects have no scale for outcome {depvar!r} "
                        f"(they cover {[c for c in effects.columns if c not in keys]})")
    d = data.merge(effects[[*keys, depvar]].rename(columns={depvar: EFFECT}), on=keys, how="left",
                   validate="many_to_one")
    # the same rows as the fit: no effect listed = none; a missing outcome stays missing
    d[EFFECT] = d[EFFECT].fillna(0.0).where(d[depvar].notna())
    fit = refit_on(col, d, EFFECT, "truth estimand")
    return tidy_rows([{"term": diag_term("planted_effect", col.term(row)),
                       "estimate": float(fit.loc[col.term(row), "estimate"]) if col.term(row) in fit.index else np.nan}
                      for row in col.truth_estimands])
