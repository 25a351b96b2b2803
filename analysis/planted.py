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


# rule name -> (key columns, rule)
PLANTED_EFFECTS: dict[str, tuple[list[str], Callable[[Fetch, Path, dict], pd.DataFrame | None]]] = {
    "ksw_quality": (["importer", "hs6", "year"], ksw_quality),
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
