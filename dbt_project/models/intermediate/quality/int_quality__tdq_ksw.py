"""Paper 004's product-level export quality (Khandelwal, Schott and Wei 2013), eqs. (10)-(11),
one row per firm x destination x product x trade mode x unit x year of int_quality__tdq_input.

Imposed sigma (eq. 10), product by product with destination-year effects kappa_dt:
    ln q + sigma ln p = kappa_dt + eps,    ln lambda = eps / (sigma - 1)
with sigma = var tdq_sigma_constant (QKL, 4), Soderbery's importer x HS4 sigma (QSY, the
baseline) or Broda-Weinstein's country x HS3 sigma (QBW). The fixed effects are product x unit
x destination x year cells, so eps is y minus its cell mean (exact OLS residual); cells with one
observation are singletons (eps = 0 by construction) and get no quality. With var
tdq_ksw_mode_fe the equation also has a product x trade-mode effect: the two-way residual is
computed exactly product by product with tradewh.numerics.two_way_residuals.

Estimated price coefficient (eq. 11), ln q = -sigma ln p + kappa_dt + eps by 2SLS product by
product (tradewh.quality_iv.product_iv, at least var tdq_iv_min_obs rows): QLP instruments
ln p by its own value at t - 1 (same firm, destination, product, mode, unit), QOP by the mean
ln p of the firm's same product and year in its other destinations (var tdq_qop_instrument:
firm_other_destinations | all_firms_other_destinations). ln lambda = eps / (sigma - 1) with
Soderbery's sigma (var tdq_iv_sigma: soderbery) or the product's estimated sigma (estimated).

Rows are sorted before any numeric step, so the output is deterministic.
"""
import numpy as np
import pandas as pd

from tradewh.numerics import drop_singletons, two_way_residuals
from tradewh.quality_iv import leave_one_out_mean, product_iv

KEYS = ["product", "unit", "destination", "year", "firm_id", "trade_mode"]


def _cell_demean(y: np.ndarray, cell: np.ndarray) -> np.ndarray:
    sums = np.bincount(cell, weights=y)
    return y - (sums / np.bincount(cell))[cell]


def imposed(df: pd.DataFrame, sigma: np.ndarray, mode_fe: bool) -> np.ndarray:
    """ln lambda = residual(ln q + sigma ln p) / (sigma - 1); NaN where sigma is missing or the
    row is a singleton of the fixed effects."""
    out = np.full(len(df), np.nan)
    ok = np.flatnonzero(np.isfinite(sigma) & (sigma > 1))
    if not len(ok):
        return out
    sub = df.iloc[ok]
    y = sub["ln_q"].to_numpy() + sigma[ok] * sub["ln_p"].to_numpy()
    cell = pd.factorize(pd.MultiIndex.from_frame(sub[["product", "unit", "destination", "year"]]))[0]
    if not mode_fe:
        keep = drop_singletons(cell, np.zeros(len(cell), dtype=np.int64))
        resid = np.full(len(ok), np.nan)
        kept = np.flatnonzero(keep)
        resid[kept] = _cell_demean(y[kept], pd.factorize(cell[kept])[0])
    else:
        mode = pd.factorize(pd.MultiIndex.from_frame(sub[["product", "unit", "trade_mode"]]))[0]
        keep = drop_singletons(cell, mode)
        resid = np.full(len(ok), np.nan)
        prod = pd.factorize(pd.MultiIndex.from_frame(sub[["product", "unit"]]))[0]
        kept = np.flatnonzero(keep)
        order = kept[np.argsort(prod[kept], kind="stable")]
        bounds = np.flatnonzero(np.diff(prod[order])) + 1
        for rows in np.split(order, bounds):
            if len(rows):
                resid[rows] = two_way_residuals(y[rows], cell[rows], mode[rows])
    out[ok] = resid / (sigma[ok] - 1.0)
    return out


def estimated(df: pd.DataFrame, instrument: np.ndarray, sigma_sy: np.ndarray, use: str,
              min_obs: int) -> tuple[np.ndarray, pd.DataFrame]:
    """eq. (11) by 2SLS per product x unit; returns ln lambda per row and the product table."""
    work = pd.DataFrame({"pkey": df["product"].astype(str) + "|" + df["unit"].astype(str),
                         "ln_q": df["ln_q"].to_numpy(), "ln_p": df["ln_p"].to_numpy(),
                         "z": instrument, "destination": df["destination"].to_numpy(),
                         "year": df["year"].to_numpy()})
    res = product_iv(work, product="pkey", lnq="ln_q", lnp="ln_p", instrument="z", exog=(),
                     fe=("destination", "year"), min_obs=min_obs)
    eps = res.obs["eps"].to_numpy()
    if use == "estimated":
        lam = res.obs["quality"].to_numpy()
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            lam = np.where(np.isfinite(sigma_sy) & (sigma_sy > 1), eps / (sigma_sy - 1.0), np.nan)
    return lam, res.products


def model(dbt, session):
    dbt.config(materialized="table")
    # vars through the YAML config meta (dbt parses literal arguments only)
    mode_fe = _need("tdq_ksw_mode_fe", dbt.config.meta_get("tdq_ksw_mode_fe")).lower() in ("true", "1", "yes")
    sigma_kl = float(_need("tdq_sigma_constant", dbt.config.meta_get("tdq_sigma_constant")))
    use = _need("tdq_iv_sigma", dbt.config.meta_get("tdq_iv_sigma"))
    qop = _need("tdq_qop_instrument", dbt.config.meta_get("tdq_qop_instrument"))
    min_obs = int(_need("tdq_iv_min_obs", dbt.config.meta_get("tdq_iv_min_obs")))
    if use not in ("soderbery", "estimated"):
        raise ValueError(f"var tdq_iv_sigma must be soderbery or estimated, got {use!r}")
    if qop not in ("firm_other_destinations", "all_firms_other_destinations"):
        raise ValueError("var tdq_qop_instrument must be firm_other_destinations or "
                         f"all_firms_other_destinations, got {qop!r}")

    df = dbt.ref("int_quality__tdq_input").df()
    df = df.sort_values(KEYS, kind="stable").reset_index(drop=True)
    out = df[["firm_id", "year", "destination", "product", "trade_mode", "unit", "value_usd"]].copy()
    sy = df["sigma_sy"].to_numpy(dtype="float64", na_value=np.nan)
    bw = df["sigma_bw"].to_numpy(dtype="float64", na_value=np.nan)
    out["lnlambda_kl"] = imposed(df, np.full(len(df), sigma_kl), mode_fe)
    out["lnlambda_sy"] = imposed(df, sy, mode_fe)
    out["lnlambda_bw"] = imposed(df, bw, mode_fe)

    lag = df["ln_p_lag"].to_numpy(dtype="float64", na_value=np.nan)
    group = [df["product"].to_numpy(), df["unit"].to_numpy(), df["year"].to_numpy()]
    if qop == "firm_other_destinations":
        group = [df["firm_id"].to_numpy()] + group
    other = leave_one_out_mean(df["ln_p"].to_numpy(), group, [df["destination"].to_numpy()])
    if len(df):
        out["lnlambda_lp"], lp = estimated(df, lag, sy, use, min_obs)
        out["lnlambda_op"], op = estimated(df, other, sy, use, min_obs)
        for name, prod in (("lp", lp), ("op", op)):
            pkey = df["product"].astype(str) + "|" + df["unit"].astype(str)
            stats = prod.set_index("pkey")
            out[f"iv_{name}_sigma_hat"] = pkey.map(stats["sigma"]).to_numpy(dtype="float64")
            out[f"iv_{name}_first_stage_f"] = pkey.map(stats["fs_f"]).to_numpy(dtype="float64")
            out[f"iv_{name}_status"] = pkey.map(stats["status"]).astype(object).to_numpy()
            out[f"iv_{name}_reason"] = pkey.map(stats["reason"]).astype(object).to_numpy()
    else:
        for c in ("lnlambda_lp", "lnlambda_op", "iv_lp_sigma_hat", "iv_lp_first_stage_f",
                  "iv_op_sigma_hat", "iv_op_first_stage_f"):
            out[c] = pd.Series(dtype="float64")
        for c in ("iv_lp_status", "iv_lp_reason", "iv_op_status", "iv_op_reason"):
            out[c] = pd.Series(dtype="object")
    return out


def _need(name: str, value) -> str:
    """A dbt var passed through the model's YAML config meta (rendered as text)."""
    if value is None:
        raise ValueError(f"int_quality__tdq_ksw: config meta {name!r} (var {name}) is not set in its YAML")
    return str(value)
