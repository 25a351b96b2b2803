"""The three mediators of paper 003 and the raw yearbook inputs that produce them.

Each mediator is planted as M_it = mu_i + tau_t + a_M * Dig_it + e_it on the Dig the pipeline
computes; the generator then writes the raw series it is built from (education counts,
value added by sector, the PKU innovation score) and re-reads them as printed."""
from __future__ import annotations

import numpy as np

from synthetic.provinces.pipeline_view import SCHOOLING_YEARS, schooling
from synthetic.streams import rng

A_PATH = {"hum": 1.0, "upd": 1.5, "cre": 4.0}           # Dig -> mediator
SD_E = {"hum": 0.08, "upd": 0.06, "cre": 0.25}
TREND = {"hum": 0.06, "upd": 0.04, "cre": 0.05}          # per year, common to provinces
_CUTS = np.array([-2.6, -0.6, 1.2, 2.4])                 # ordered-logit cuts of schooling levels
_LEVELS = list(SCHOOLING_YEARS)                          # none, primary, junior, senior, college


def _shares(m: np.ndarray) -> np.ndarray:
    """Education shares (..., 5) at latent location m (ordered logit)."""
    cdf = 1.0 / (1.0 + np.exp(-(_CUTS[None, :] - m.reshape(-1, 1))))
    cdf = np.concatenate([np.zeros((cdf.shape[0], 1)), cdf, np.ones((cdf.shape[0], 1))], 1)
    return np.diff(cdf, axis=1).reshape(*m.shape, 5)


def _years(m: np.ndarray) -> np.ndarray:
    return _shares(m) @ np.array([SCHOOLING_YEARS[k] for k in _LEVELS])


def education_counts(hum: np.ndarray, pop6: np.ndarray) -> dict[str, np.ndarray]:
    """Sample-survey counts by attainment whose mean schooling is `hum` (bisection on m)."""
    lo, hi = np.full(hum.shape, -8.0), np.full(hum.shape, 12.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        low = _years(mid) < hum
        lo, hi = np.where(low, mid, lo), np.where(low, hi, mid)
    sh = _shares((lo + hi) / 2)
    return {k: np.rint(pop6 * sh[..., j]) for j, k in enumerate(_LEVELS)}


def plant(seed: int, dig: np.ndarray, rich: np.ndarray, years: np.ndarray, study_cols) -> dict:
    """Mediator targets (province x year). `rich` is a z-score of development per province;
    province levels are set from it, so that the Dig path moves them within a year range."""
    r = rng(seed, "provinces", "mediators")
    n = dig.shape[0]
    mean_dig = dig[:, study_cols].mean(axis=1)
    level = {"hum": np.clip(9.3 + 0.9 * rich + r.normal(0, 0.3, n), 7.6, 12.0),
             "upd": np.clip(np.exp(0.1 + 0.35 * rich + r.normal(0, 0.2, n)), 0.8, 4.0),
             "cre": np.clip(4.5 + 1.3 * rich + r.normal(0, 0.5, n), 2.5, 7.5)}
    out, noise = {}, {}
    for k, a in A_PATH.items():
        mu = level[k] - a * mean_dig
        noise[k] = r.normal(0, SD_E[k], dig.shape)
        out[k] = mu[:, None] + TREND[k] * (years - 2016)[None, :] + a * dig + noise[k]
    out["upd"] = np.maximum(out["upd"], 0.3)
    return {"target": out, "noise": noise}


def raw_inputs(target: dict, gdp: np.ndarray, primary_share: np.ndarray, pop: np.ndarray) -> dict:
    """Canonical raw series that reproduce the mediator targets."""
    pop6 = np.rint(pop * 1e4 * 0.00085 * 0.95)               # ~0.85 per mille sample survey
    counts = education_counts(target["hum"], pop6)
    va_primary = primary_share[:, None] * gdp
    va_secondary = (gdp - va_primary) / (1.0 + target["upd"])
    return {**counts, "edu_pop6": sum(counts.values()), "va_primary": va_primary,
            "va_secondary": va_secondary, "va_tertiary": target["upd"] * va_secondary,
            "innovation_index": 10.0 * target["cre"]}


def from_printed(v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The mediators as the pipeline computes them from the printed inputs."""
    return {"hum": schooling({k: v[k] for k in _LEVELS}, v["edu_pop6"]),
            "upd": v["va_tertiary"] / v["va_secondary"],
            "cre": v["innovation_index"] / 10.0}
