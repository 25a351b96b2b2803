"""Paper 002's export-competition strategy (eq. 10, 戴翔 et al. 2023): for each exporting firm,

    P_got = b0 + b1 ln Dist_o + b2 ln GDP_ot + b3 ln GDPpc_ot + e

over its export varieties (product g, destination o, year t) in the study window, P the ln unit
value minus its HS6 x year mean over all firms (var dpq_competition_price: product_demeaned;
ln_uv = the raw ln unit value). Quality competition: b1 > 0 (higher prices to farther markets,
Alchian-Allen); price competition: b1 < 0; strong when the conventional two-sided p <= alpha.
competition = 4 strong quality, 2 weak quality, 3 strong price, 1 weak price (Table 7).
"""
import numpy as np

from tradewh.firm_ols import per_group_ols


def model(dbt, session):
    dbt.config(materialized="table")
    start, end = int(dbt.config.meta_get("start_year")), int(dbt.config.meta_get("end_year"))
    price, alpha = dbt.config.meta_get("price"), float(dbt.config.meta_get("alpha"))
    min_obs = int(dbt.config.meta_get("min_obs"))
    if price not in ("product_demeaned", "ln_uv"):
        raise ValueError(f"var dpq_competition_price must be product_demeaned|ln_uv, got {price!r}")
    v = dbt.ref("int_quality__firm_varieties").df()[["firm_id", "hs6", "iso3", "year", "ln_p"]]
    v = v[(v.year >= start) & (v.year <= end)]
    if price == "product_demeaned":
        v = v.assign(p=v.ln_p - v.groupby(["hs6", "year"]).ln_p.transform("mean"))
    else:
        v = v.assign(p=v.ln_p)
    d = dbt.ref("int_destination__year_controls").df()[["iso3", "year", "ln_dist", "ln_gdp", "ln_gdp_pc"]]
    v = v.merge(d, on=["iso3", "year"], how="inner").dropna(subset=["p", "ln_dist", "ln_gdp", "ln_gdp_pc"])
    v = v.sort_values(["firm_id", "year", "hs6", "iso3"], kind="mergesort").reset_index(drop=True)
    res = per_group_ols(v, group="firm_id", y="p", x=["ln_dist", "ln_gdp", "ln_gdp_pc"], min_obs=min_obs)
    b, p = res["b_ln_dist"], res["p_ln_dist"]
    ok = res["status"] == "ok"
    res["competition"] = np.where(ok, np.select([(b > 0) & (p <= alpha), b > 0, (b < 0) & (p <= alpha)],
                                               [4, 2, 3], 1), np.nan)
    res.loc[ok & (b == 0), "competition"] = np.nan
    out = res.rename(columns={"b_ln_dist": "beta_dist", "se_ln_dist": "se_beta_dist", "p_ln_dist": "p_beta_dist"})
    out["competition"] = out["competition"].astype("Int64")
    cols = ["firm_id", "n_obs", "beta_dist", "se_beta_dist", "p_beta_dist", "status", "competition"]
    return out[cols].sort_values("firm_id").reset_index(drop=True)
