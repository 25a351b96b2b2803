"""The warehouse's constructions, re-done in numpy on the printed values, so the planted
relations hold for the variables the pipeline will actually compute (defaults of the
`pdt_` dbt vars). Independent of the SQL: a mismatch shows up as a missed planted effect."""
from __future__ import annotations

import numpy as np

SCHOOLING_YEARS = {"edu_none": 0.0, "edu_primary": 6.0, "edu_junior": 9.0, "edu_senior": 12.0,
                   "edu_college": 16.0}


def fill_linear(v: np.ndarray) -> np.ndarray:
    """Per row (province) over years: linear interpolation inside, linear extrapolation from
    the two nearest observed points at the ends (the nearest one if only one), floored at 0."""
    out = v.astype(float).copy()
    t = np.arange(v.shape[1], dtype=float)
    for i in range(v.shape[0]):
        ok = ~np.isnan(v[i])
        if ok.sum() == 0:
            continue
        ty, y = t[ok], v[i, ok]
        out[i] = np.interp(t, ty, y)
        if ok.sum() >= 2:
            lead, trail = t < ty[0], t > ty[-1]
            out[i, lead] = y[0] + (y[1] - y[0]) / (ty[1] - ty[0]) * (t[lead] - ty[0])
            out[i, trail] = y[-1] + (y[-1] - y[-2]) / (ty[-1] - ty[-2]) * (t[trail] - ty[-1])
            out[i] = np.maximum(out[i], 0.0)
    return out


def entropy(x: dict[str, np.ndarray]) -> tuple[dict[str, float], np.ndarray, dict]:
    """Pooled entropy weights over all cells of the (province x year) matrices in `x`:
    min-max normalisation, p = x'/sum x', e = -sum p ln p / ln n, w = (1-e)/sum(1-e).
    Returns weights, Dig (same shape) and the per-indicator min/max."""
    d, bounds = {}, {}
    for code, m in x.items():
        lo, hi = float(m.min()), float(m.max())
        xn = (m - lo) / (hi - lo)
        p = xn / xn.sum()
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
        d[code] = 1.0 + plogp.sum() / np.log(m.size)
        bounds[code] = (lo, hi)
    total = sum(d.values())
    w = {c: d[c] / total for c in d}
    dig = sum(w[c] * (x[c] - bounds[c][0]) / (bounds[c][1] - bounds[c][0]) for c in x)
    return w, dig, bounds


def prody_tsi(x: np.ndarray, pgdp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One year: x provinces x industries (zeros allowed), pgdp per province.
    prody_k = sum_i [s_ik / sum_j s_jk] pgdp_i with s = x / X; TSI_i = sum_k s_ik prody_k."""
    s = x / x.sum(axis=1, keepdims=True)
    col = s.sum(axis=0)
    w = np.divide(s, col, out=np.zeros_like(s), where=col > 0)
    prody = w.T @ pgdp
    return prody, s @ prody


def schooling(counts: dict[str, np.ndarray], pop6: np.ndarray) -> np.ndarray:
    return sum(SCHOOLING_YEARS[k] * counts[k] for k in SCHOOLING_YEARS) / pop6


def controls(v: dict[str, np.ndarray], rate: np.ndarray) -> dict[str, np.ndarray]:
    """Levels and first differences (along years) of lnpgdp, lnfcl, open, lnsci."""
    lv = {"lnpgdp": np.log(v["pgdp"]), "lnfcl": np.log(v["fdi_utilised"]),
          "open": v["trade_total_usd"] * 1e3 * rate[None, :] / (v["gdp"] * 1e8),
          "lnsci": np.log(v["sci_expenditure"])}
    out = dict(lv)
    for k, m in lv.items():
        dm = np.full_like(m, np.nan)
        dm[:, 1:] = m[:, 1:] - m[:, :-1]
        out["d_" + k] = dm
    return out
