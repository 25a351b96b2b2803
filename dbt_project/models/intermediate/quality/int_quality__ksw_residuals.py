"""KSW first stage: residuals of ln q and ln p on HS6 and importer x year fixed effects.

By linearity the residual of y = ln q + sigma ln p is r(ln q) + sigma r(ln p), so one exact
two-way projection serves every sigma (computed in SQL downstream). Observations that are
singletons in either effect are dropped iteratively (their residual is zero by construction).
"""
import pandas as pd

from tradewh.numerics import drop_singletons, two_way_residuals


def model(dbt, session):
    dbt.config(materialized="table")
    df = dbt.ref("int_quality__ksw_input").df()
    hs6 = pd.factorize(df["hs6"])[0]
    imp_year = pd.factorize(df["importer_year"])[0]
    keep = drop_singletons(hs6, imp_year) if len(df) else df.index.to_numpy(dtype=bool)
    out = df.loc[keep, ["importer", "hs6", "year"]].reset_index(drop=True)
    if len(out):
        resid = two_way_residuals(df.loc[keep, ["ln_q", "ln_p"]].to_numpy(), hs6[keep], imp_year[keep])
        out["resid_ln_q"], out["resid_ln_p"] = resid[:, 0], resid[:, 1]
    else:
        out["resid_ln_q"] = out["resid_ln_p"] = pd.Series(dtype="float64")
    return out.sort_values(["importer", "hs6", "year"]).reset_index(drop=True)
