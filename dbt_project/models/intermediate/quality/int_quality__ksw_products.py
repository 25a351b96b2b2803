"""Paper 002's KSW demand regressions, one per HS6 product (§3.1, eq. 5; 施炳展 2014):

    ln q = chi_mt - sigma ln p + phi ln RGDP + eps,   chi_mt = destination x year effects

- ``iv``: 2SLS with ln p instrumented by the firm's mean ln p of the same product and year in its
  other destinations (``tradewh.quality_iv.product_iv``; rows without the instrument and
  singletons of their destination-year cell are not in the estimation sample);
- ``fixed``: sigma imposed (var dpq_sigma_fixed): OLS of ln q + sigma ln p on ln RGDP with the
  same effects, every variety with a partner in its cell.

One row per product: both estimates, the estimation samples, first-stage strength, and the sigma
used for quality (var dpq_sigma_source; with ``iv`` a product whose 2SLS sigma is not above 1 or
cannot be estimated takes the fixed sigma when var dpq_sigma_invalid is ``fixed``, else none).
Quality itself (eq. 6) and its standardisation are computed in SQL downstream
(int_quality__variety_quality) from sigma and phi, so only these product rows leave Python.
"""
import numpy as np
import pandas as pd

from tradewh.quality_iv import product_iv


def fixed_sigma_phi(df: pd.DataFrame, sigma: float) -> pd.DataFrame:
    """Per product: phi of ln q + sigma ln p on ln RGDP with destination-year effects (OLS by
    demeaning within product x destination x year cells; singletons left out)."""
    d = df.dropna(subset=["ln_q", "ln_p", "ln_rgdp"]).copy()
    cell = d.groupby(["hs6", "iso3", "year"], sort=True).ngroup().to_numpy()
    size = np.bincount(cell)
    d = d[size[cell] > 1].copy()
    cell = d.groupby(["hs6", "iso3", "year"], sort=True).ngroup().to_numpy()
    size = np.bincount(cell).astype(float)
    y = (d.ln_q + sigma * d.ln_p).to_numpy()
    x = d.ln_rgdp.to_numpy()
    yt = y - np.bincount(cell, y)[cell] / size[cell]
    xt = x - np.bincount(cell, x)[cell] / size[cell]
    d["xy"], d["xx"], d["one"] = xt * yt, xt * xt, 1.0
    g = d.groupby("hs6", sort=True).agg(sxy=("xy", "sum"), sxx=("xx", "sum"), n_fixed=("one", "sum"))
    g["n_cells_fixed"] = d[["hs6", "iso3", "year"]].drop_duplicates().groupby("hs6", sort=True).size()  # 0 rows too
    g["phi_fixed"] = np.where(g.sxx > 1e-12 * g.n_fixed, g.sxy / g.sxx.where(g.sxx > 0, 1.0), 0.0)
    return g[["n_fixed", "n_cells_fixed", "phi_fixed"]].reset_index()


def model(dbt, session):
    dbt.config(materialized="table")
    source = dbt.config.meta_get("sigma_source")          # var dpq_sigma_source
    invalid = dbt.config.meta_get("sigma_invalid")        # var dpq_sigma_invalid
    sigma_fixed = float(dbt.config.meta_get("sigma_fixed"))   # var dpq_sigma_fixed
    if source not in ("iv", "fixed") or invalid not in ("fixed", "drop"):
        raise ValueError(f"var dpq_sigma_source must be iv|fixed (got {source!r}) and dpq_sigma_invalid "
                         f"fixed|drop (got {invalid!r})")
    cols = ["firm_id", "hs6", "iso3", "year", "ln_q", "ln_p", "ln_p_loo", "ln_rgdp"]
    df = dbt.ref("int_quality__firm_varieties").df()[cols]
    df = df.sort_values(["hs6", "iso3", "year", "firm_id"], kind="mergesort").reset_index(drop=True)
    products = pd.DataFrame({"hs6": np.sort(df.hs6.unique())})
    iv_in = df.dropna(subset=["ln_q", "ln_p", "ln_rgdp"]).reset_index(drop=True)
    res = product_iv(iv_in, product="hs6", lnq="ln_q", lnp="ln_p", instrument="ln_p_loo", exog=["ln_rgdp"],
                     fe=["iso3", "year"], min_obs=int(dbt.config.meta_get("min_obs")))
    p = res.products.rename(columns={"n": "n_iv", "n_cells": "n_cells_iv", "dof": "dof_iv", "beta_lnp": "beta_iv",
                                     "se_beta": "se_beta_iv", "sigma": "sigma_iv", "phi_ln_rgdp": "phi_iv",
                                     "fs_coef": "first_stage_coef", "fs_f": "first_stage_f",
                                     "fs_f_hc1": "first_stage_f_hc1", "status": "status_iv", "reason": "reason_iv"})
    keep = ["hs6", "n_iv", "n_cells_iv", "dof_iv", "beta_iv", "se_beta_iv", "sigma_iv", "phi_iv",
            "first_stage_coef", "first_stage_f", "first_stage_f_hc1", "status_iv", "reason_iv"]
    products = products.merge(p[[c for c in keep if c in p.columns]], on="hs6", how="left")
    products = products.merge(fixed_sigma_phi(df, sigma_fixed), on="hs6", how="left")
    iv_ok = (products.status_iv == "ok") & (products.sigma_iv > 1)
    if source == "fixed":
        use_iv, use_fixed = np.zeros(len(products), bool), products.n_fixed.notna().to_numpy()
    else:
        use_iv = iv_ok.to_numpy()
        use_fixed = (~use_iv) & products.n_fixed.notna().to_numpy() & (invalid == "fixed")
    products["sigma_fixed"] = sigma_fixed
    products["sigma_method"] = np.select([use_iv, use_fixed], ["iv", "fixed"], "none")
    products["sigma_used"] = np.select([use_iv, use_fixed], [products.sigma_iv, sigma_fixed], np.nan)
    products["phi_used"] = np.select([use_iv, use_fixed], [products.phi_iv, products.phi_fixed], np.nan)
    return products.sort_values("hs6").reset_index(drop=True)
