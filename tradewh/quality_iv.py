"""Per-product 2SLS demand regressions for export quality (Khandelwal–Schott–Wei as adapted by
施炳展 2014; paper 002 §3.1), vectorised over all products at once.

For each product g separately (rows: firm i × destination m × year t):

    ln q_imt = χ_mt − σ ln p_imt + φ' x_imt + ε_imt,    ln p instrumented by z_imt,

χ_mt destination×year fixed effects (within product), x the exogenous controls (default: ln
deflated regional GDP, the paper's variety control), z the firm's mean ln p of the same product
and year in its *other* destinations (``leave_one_out_mean``; the standard 施炳展 2014 choice).
Returned per observation: the 2SLS residual ε̂ = ln q − χ̂ − β̂ ln p − φ̂'x (structural, with the
actual price) and quality = ε̂/(σ̂ − 1) with σ̂ = −β̂ (eq. 5: ε = (σ − 1) ln λ, so ln λ̂ = ε̂/(σ̂−1),
eq. 6); per product: β̂ (= −σ̂), its iid SE, φ̂, the first-stage coefficient and partial F (iid
and HC1), N, cells, and a status.

How: every variable is demeaned within product × destination × year cells (one bincount per
variable: the χ_mt of each product), then per product the cross-products of [y, p, z, x] are
bincounts by product; the exogenous x are partialled out per product with batched (pseudo-)
inverses (FWL), and β̂ = S_zy·x / S_zp·x (just identified). No per-product model fitting, so
thousands of products over 10⁶ rows take seconds.

Conventions (paper silent, ambiguity A7): observations alone in their cell (singletons) are not
identified — their ε̂ is NaN (status ``singleton``) and they are not counted in N. A product is
skipped (ε̂ NaN, status ``skipped``) with a ``reason``: ``too_few_obs`` (N < ``min_obs``, default
10), ``no_dof`` (N − cells − 1 − rank(x) < 1), ``instrument_no_variation`` (z has no variation
left after the cells and x), ``singular`` (S_zp·x = 0). An exogenous control without variation
within a product's cells is dropped for that product (minimum-norm solve; reason
``exog_dropped`` with status ``ok``). σ̂ ≤ 1: ε̂ is kept, quality is NaN (reason ``sigma_le_1``).
Degrees of freedom: N − cells − 1 − rank(x) for the 2SLS σ² and the first stage (as a regression
with the cells as dummies). Cross-checked product by product against linearmodels IV2SLS with
explicit cell dummies in tests/test_quality_iv.py.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewh.fe import codes


def leave_one_out_mean(values, group: Sequence, exclude: Sequence, weights=None) -> np.ndarray:
    """Mean of ``values`` over the rows of the same ``group`` (keys) whose ``exclude`` key differs
    from the row's own — e.g. group (firm, product, year), exclude (destination): the firm's mean
    ln price of that product and year in its other destinations. NaN where there is no such row
    or the value is missing. ``weights``: optional (e.g. export value) for a weighted mean."""
    v = np.asarray(values, dtype=np.float64)
    w = np.ones(len(v)) if weights is None else np.asarray(weights, dtype=np.float64)
    ok = np.isfinite(v) & np.isfinite(w)
    wv, ww = np.where(ok, w * v, 0.0), np.where(ok, w, 0.0)
    g = codes(*[np.asarray(k) for k in group])
    ge = codes(g, *[np.asarray(k) for k in exclude])
    num = np.bincount(g, weights=wv)[g] - np.bincount(ge, weights=wv)[ge]
    den = np.bincount(g, weights=ww)[g] - np.bincount(ge, weights=ww)[ge]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 1e-12 * np.maximum(1.0, np.abs(den)), num / den, np.nan)


@dataclass
class ProductIV:
    obs: pd.DataFrame         # one row per input row: product, eps, quality, status
    products: pd.DataFrame    # one row per product: estimates, first stage, status, reason


def _sums(groups: np.ndarray, n_groups: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bincount(groups, weights=a * b, minlength=n_groups)


def product_iv(df: pd.DataFrame, product: str = "hs6", lnq: str = "lnq", lnp: str = "lnp",
               instrument: str = "lnp_loo", exog: Sequence[str] = ("ln_rgdp",),
               fe: Sequence[str] = ("dest", "year"), min_obs: int = 10, tol: float = 1e-10) -> ProductIV:
    """2SLS of ``lnq`` on ``lnp`` (instrumented by ``instrument``) and ``exog`` with ``fe`` fixed
    effects, separately for each ``product`` (module docstring)."""
    n = len(df)
    exog = list(exog)
    cols = [lnq, lnp, instrument, *exog]
    V = df[cols].to_numpy(dtype=np.float64, na_value=np.nan)
    complete = np.isfinite(V).all(axis=1) & df[[product, *fe]].notna().all(axis=1).to_numpy()
    rows = np.flatnonzero(complete)
    prod_all = df[product].to_numpy()
    status = np.where(complete, "ok", "missing").astype(object)
    eps = np.full(n, np.nan)

    pc = codes(prod_all[rows])                               # product codes of the complete rows
    cell = codes(pc, *[df[f].to_numpy()[rows] for f in fe])
    cnt = np.bincount(cell)
    single = cnt[cell] == 1
    status[rows[single]] = "singleton"
    keep = ~single
    rows, pc, cell = rows[keep], codes(pc[keep]), codes(cell[keep])
    Vk = V[rows]
    Vd = Vk - (np.stack([np.bincount(cell, weights=Vk[:, j]) for j in range(Vk.shape[1])], 1)
               / np.bincount(cell)[:, None])[cell]          # demeaned within product × FE cells

    G = int(pc.max()) + 1 if len(pc) else 0
    m = len(exog)
    k = 3 + m
    S = np.empty((G, k, k))
    for a in range(k):
        for b in range(a, k):
            S[:, a, b] = S[:, b, a] = _sums(pc, G, Vd[:, a], Vd[:, b])
    n_g = np.bincount(pc, minlength=G).astype(float)
    cells_g = np.bincount(pc[np.unique(cell, return_index=True)[1]], minlength=G).astype(float)
    # each variable's variation within the product (before the cells): the yardstick for "none left"
    raw = np.stack([_sums(pc, G, Vk[:, j], Vk[:, j]) - np.bincount(pc, weights=Vk[:, j], minlength=G) ** 2
                    / np.maximum(n_g, 1) for j in range(k)], axis=1)
    unit = np.where(raw > 0, 1.0 / np.sqrt(np.where(raw > 0, raw, 1.0)), 0.0)     # (G, k) standardisation

    # partial the exogenous controls out of y, p, z, per product (pseudo-inverse: drop collinear x)
    if m:
        D = unit[:, 3:]
        See = S[:, 3:, 3:] * D[:, :, None] * D[:, None, :]   # in units of each control's variation
        Pinv = np.linalg.pinv(See, rcond=1e-9) * D[:, :, None] * D[:, None, :]
        rank = np.linalg.matrix_rank(See, rtol=1e-9)
        Sye = S[:, :3, 3:]
        Spart = S[:, :3, :3] - Sye @ Pinv @ np.transpose(Sye, (0, 2, 1))
        coef_e = Pinv @ np.transpose(Sye, (0, 2, 1))        # (G, m, 3): regressions of y, p, z on x
    else:
        rank = np.zeros(G, dtype=int)
        Spart = S[:, :3, :3]
        coef_e = np.zeros((G, 0, 3))
    Spp, Szz = Spart[:, 1, 1], Spart[:, 2, 2]
    Szy, Szp = Spart[:, 2, 0], Spart[:, 2, 1]
    dof = n_g - cells_g - 1 - rank

    reason = np.full(G, "", dtype=object)
    reason[(m > 0) & (rank < m)] = "exog_dropped"
    bad_z = Szz <= tol * raw[:, 2]
    bad_zp = np.abs(Szp) <= tol * np.sqrt(raw[:, 2] * raw[:, 1])
    reason[bad_zp] = "singular"
    reason[bad_z] = "instrument_no_variation"
    reason[dof < 1] = "no_dof"
    reason[n_g < min_obs] = "too_few_obs"
    skipped = np.isin(reason, ["too_few_obs", "no_dof", "instrument_no_variation", "singular"])

    with np.errstate(invalid="ignore", divide="ignore"):
        beta = np.where(skipped, np.nan, Szy / Szp)
        # phi: x-coefficients of y − βp (FWL): coef_e[:, :, 0] − β coef_e[:, :, 1]
        phi = coef_e[:, :, 0] - beta[:, None] * coef_e[:, :, 1]
        fitted_e = (Vd[:, 3:] * phi[pc]).sum(axis=1) if m else 0.0
        e = Vd[:, 0] - beta[pc] * Vd[:, 1] - fitted_e
        rss = np.bincount(pc, weights=np.where(np.isfinite(e), e * e, 0.0), minlength=G)
        sigma2 = rss / dof
        se_beta = np.sqrt(sigma2 * Szz / Szp ** 2)
        pi = Szp / Szz                                          # first stage: p on z (and x, cells)
        rss1 = Spp - pi * Szp
        f_iid = pi ** 2 * Szz / (rss1 / dof)
        # HC1 first-stage F: partialled z and first-stage residuals row by row
        zt = Vd[:, 2] - ((Vd[:, 3:] * coef_e[pc, :, 2]).sum(axis=1) if m else 0.0)
        pt = Vd[:, 1] - ((Vd[:, 3:] * coef_e[pc, :, 1]).sum(axis=1) if m else 0.0)
        e1 = pt - pi[pc] * zt
        meat = np.bincount(pc, weights=(zt * e1) ** 2, minlength=G)
        var_pi = meat / Szz ** 2 * n_g / dof
        f_hc1 = pi ** 2 / var_pi
    sigma_hat = -beta
    reason[~skipped & (sigma_hat <= 1) & (reason == "")] = "sigma_le_1"

    e_obs = np.where(skipped[pc], np.nan, e)
    eps[rows] = e_obs
    status[rows[skipped[pc]]] = "skipped"
    quality = np.full(n, np.nan)
    ok_sigma = sigma_hat[pc] > 1
    quality[rows] = np.where(ok_sigma, e_obs / (sigma_hat[pc] - 1), np.nan)

    prod_labels = np.empty(G, dtype=object)
    prod_labels[pc] = prod_all[rows]
    products = pd.DataFrame({
        product: prod_labels, "n": n_g.astype(int), "n_cells": cells_g.astype(int), "dof": dof,
        "beta_lnp": beta, "se_beta": np.where(skipped, np.nan, se_beta), "sigma": sigma_hat,
        **{f"phi_{x}": np.where(skipped, np.nan, phi[:, j]) for j, x in enumerate(exog)},
        "fs_coef": np.where(skipped, np.nan, pi), "fs_f": np.where(skipped, np.nan, f_iid),
        "fs_f_hc1": np.where(skipped, np.nan, f_hc1),
        "status": np.where(skipped, "skipped", "ok"), "reason": reason,
    })
    missing_products = sorted(set(pd.unique(prod_all)) - set(prod_labels), key=str)
    if missing_products:        # every row missing or a singleton: no estimate at all
        extra = pd.DataFrame({product: missing_products, "n": 0, "n_cells": 0, "status": "skipped",
                              "reason": "too_few_obs"})
        products = pd.concat([products, extra], ignore_index=True)
    obs = pd.DataFrame({product: prod_all, "eps": eps, "quality": quality, "status": status}, index=df.index)
    return ProductIV(obs, products)
