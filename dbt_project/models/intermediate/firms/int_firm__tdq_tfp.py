"""Paper 004's lntfp: Olley-Pakes (1996) log TFP of every matched survey firm-year
(tradewh.production.olley_pakes; the paper says only "Olley-Pakes" -- ambiguity 10 -- so every
choice is a var, documented in docs/studies/trade_digitization_quality.md):

  output      var tdq_tfp_output: gross_output = ln 工业总产值 (every year) | value_added =
              ln(gross output - 中间投入), which the survey reports only until 2007 (later years
              get no TFP)
  labour      ln employment; capital ln fixed assets (固定资产, thousand RMB)
  proxy       ln investment, I_t = K_t - (1 - delta) K_{t-1} with delta = var
              tdq_tfp_depreciation_rate (the survey's 本年折旧 is missing 2008-2010); rows with
              I <= 0 or without the firm's previous year do not enter stage 1
  nominal values with year effects (var tdq_tfp_year_effects): the raw sources carry no
              price indices, so the year dummies absorb common price changes
  polynomial  degree var tdq_tfp_poly_order; exit correction var tdq_tfp_survival
  estimated   by 2-digit industry (var tdq_tfp_by: industry | pooled); an industry with fewer
              than var tdq_tfp_min_rows stage-2 rows borrows the pooled elasticities

One row per firm-year with output, labour and capital: lntfp = y - b_l l - b_k k, and the
elasticities used. Rows are sorted by firm and year before estimation (deterministic).
"""
import numpy as np
import pandas as pd

from tradewh.production import olley_pakes

COLUMNS = {"firm_id": "object", "year": "int64", "industry": "object", "lntfp": "float64",
           "beta_l": "float64", "beta_k": "float64", "tfp_sample": "object"}


def _need(name: str, value) -> str:
    if value is None:
        raise ValueError(f"int_firm__tdq_tfp: config meta {name!r} (var {name}) is not set in its YAML")
    return str(value)


def _flag(text: str) -> bool:
    return text.strip().lower() in ("true", "1", "yes")


def model(dbt, session):
    dbt.config(materialized="table")
    output = _need("tdq_tfp_output", dbt.config.meta_get("tdq_tfp_output"))
    if output not in ("gross_output", "value_added"):
        raise ValueError(f"var tdq_tfp_output must be gross_output or value_added, got {output!r}")
    delta = float(_need("tdq_tfp_depreciation_rate", dbt.config.meta_get("tdq_tfp_depreciation_rate")))
    year_effects = _flag(_need("tdq_tfp_year_effects", dbt.config.meta_get("tdq_tfp_year_effects")))
    order = int(_need("tdq_tfp_poly_order", dbt.config.meta_get("tdq_tfp_poly_order")))
    survival = _flag(_need("tdq_tfp_survival", dbt.config.meta_get("tdq_tfp_survival")))
    by = _need("tdq_tfp_by", dbt.config.meta_get("tdq_tfp_by"))
    if by not in ("industry", "pooled"):
        raise ValueError(f"var tdq_tfp_by must be industry or pooled, got {by!r}")
    min_rows = int(_need("tdq_tfp_min_rows", dbt.config.meta_get("tdq_tfp_min_rows")))

    df = dbt.ref("int_firm__tdq_tfp_input").df()
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})
    df = df.sort_values(["firm_id", "year"], kind="stable").reset_index(drop=True)
    gross = df["gross_output_k_rmb"].astype("float64")
    if output == "gross_output":
        y = gross
    else:
        y = gross - df["intermediate_input_k_rmb"].astype("float64")
    emp = df["employment"].astype("float64")
    cap = df["fixed_assets_k_rmb"].astype("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        d = pd.DataFrame({"firm": df["firm_id"], "year": df["year"].astype("int64"),
                          "y": np.where(y > 0, np.log(y), np.nan),
                          "l": np.where(emp > 0, np.log(emp), np.nan),
                          "k": np.where(cap > 0, np.log(cap), np.nan)})
        prev = d[["firm", "year"]].assign(year=d["year"] + 1, k_prev=cap.to_numpy())
        k_prev = d[["firm", "year"]].merge(prev, on=["firm", "year"], how="left")["k_prev"].to_numpy()
        inv = cap.to_numpy() - (1.0 - delta) * k_prev
        d["i"] = np.where(inv > 0, np.log(inv), np.nan)
    d["industry"] = df["industry"].astype(object).to_numpy()

    def fit(part: pd.DataFrame):
        return olley_pakes(part, output="y", labor="l", capital="k", proxy="i", firm="firm", year="year",
                           value_added=True, poly_order=order, survival=survival, year_effects=year_effects)

    pooled = fit(d)
    out = []
    groups = [("pooled", d)] if by == "pooled" else list(d.groupby("industry", sort=True, dropna=False))
    for _industry, part in groups:
        res, label = pooled, "pooled"
        if by == "industry":
            try:
                r = fit(part.reset_index(drop=True))
                if r.n_stage2 >= min_rows and np.isfinite(r.beta_k):
                    res, label = r, "industry"
            except (ValueError, np.linalg.LinAlgError):
                pass
        omega = part["y"] - res.beta_l * part["l"] - res.beta_k * part["k"]
        out.append(pd.DataFrame({"firm_id": part["firm"].to_numpy(), "year": part["year"].to_numpy(),
                                 "industry": part["industry"].to_numpy(), "lntfp": omega.to_numpy(),
                                 "beta_l": res.beta_l, "beta_k": res.beta_k, "tfp_sample": label}))
    res = pd.concat(out, ignore_index=True)
    res = res[np.isfinite(res["lntfp"].to_numpy(dtype="float64"))]
    return res.sort_values(["firm_id", "year"], kind="stable").reset_index(drop=True)
