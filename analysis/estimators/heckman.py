"""Heckman two-step selection correction with absorbed fixed effects in the outcome equation.

Estimator ``heckman`` (paper 004 §4, Table 4 (1)–(2)). The column's formula is the outcome
equation; its SQL ``sample`` selects the rows of the *selection* probit (e.g. every surveyed
firm-year), and ``options`` name the selection equation::

    formula: "QSY ~ lndig + lnsca + lnage | firm + prov^ind^year"
    sample: "in_survey"                    # the probit's rows: exporters and non-exporters
    options:
      selection: "EDU ~ lndig + lnsca + lnage + excl"   # 0/1 indicator ~ regressors (+ exclusion restriction)
      imr: imr                             # name of the inverse-Mills-ratio regressor (default imr)
      report: outcome                      # or selection: the column shows the probit instead

Step 1: probit of the indicator on the selection regressors (``analysis.fitting.probit``:
Newton–Raphson MLE, observed-information SEs; formula terms as pyfixest builds them, with an
intercept; ``C(year)`` for year dummies) over every row with complete selection variables.
Step 2: λ_i = φ(z_i'γ̂)/Φ(z_i'γ̂) on the selected rows (indicator = 1), then the outcome
formula ``y ~ x + imr | fe`` by pyfixest on those rows (run_feols: the column's vcov, singleton
rule, reghdfe-style ``_cons``). The coefficient of ``imr`` is λ = ρσ.

Rows of the result (report: outcome): the outcome coefficients including ``imr``, the outcome
fit's N/R²; ``diag:probit:<term>`` (probit coefficients with SE, z, p), ``diag:probit_n``,
``diag:probit_n_selected``, ``diag:probit_ll``, ``diag:probit_pseudo_r2``, ``diag:heckman_lambda``
(the imr coefficient and its test), ``diag:heckman_sigma`` and ``diag:heckman_rho`` as Stata's
``heckman, twostep``: σ̂² = ê'ê/n + λ̂² · mean(λ_i(λ_i + z_i'γ̂)) over the outcome rows (ê the
outcome residuals, net of the fixed effects), ρ̂ = λ̂/σ̂, truncated to ±1 (σ̂ = |λ̂| then).
With report: selection the coefficient rows are the probit's (a column of the probit stage) and
N is the probit's. The outcome SEs are those of the second-stage regression (as a manual two-step
with reghdfe): they do not account for the estimated λ_i (no Heckman/Greene correction).
Cross-checked (tests/test_analysis_heckman.py): probit vs statsmodels Probit, the IMR vs
scipy's φ/Φ, the outcome vs statsmodels OLS with FE dummies and the statsmodels IMR, and
recovery of a planted coefficient under correlated selection.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from analysis.core.formulas import identifiers, parse_formula
from analysis.core.schema import TIDY_COLUMNS, EstimatorResult, diag_term
from analysis.estimators.base import Estimator
from analysis.fitting.feols import model_matrix, required_columns, run_feols, tidy_feols
from analysis.fitting.probit import inverse_mills, probit
from analysis.spec.types import Column

OPTION_KEYS = {"selection", "imr", "report"}


def validate(options: dict) -> None:
    bad = sorted(set(options) - OPTION_KEYS)
    if bad:
        raise ValueError(f"unknown {bad}; allowed {sorted(OPTION_KEYS)}")
    sel = options.get("selection")
    if not isinstance(sel, str):
        raise ValueError("selection: the selection equation 'indicator ~ regressors' is required")
    p = parse_formula(sel)
    if p.fixef or p.iv:
        raise ValueError("selection: a probit formula 'indicator ~ regressors' (no fixed effects or IV part)")
    imr = options.get("imr", "imr")
    if not (isinstance(imr, str) and imr.isidentifier()):
        raise ValueError(f"imr: a regressor name, got {imr!r}")
    if options.get("report", "outcome") not in ("outcome", "selection"):
        raise ValueError("report: outcome or selection")


def check(column: Column) -> None:
    if column.parsed.iv:
        raise ValueError("the outcome equation has an IV part; heckman fits OLS with absorbed FE")
    imr = column.options.get("imr", "imr")
    if imr in identifiers(column.parsed.rhs):
        raise ValueError(f"the outcome formula already uses {imr!r}; the inverse Mills ratio is added by heckman")


def columns(column: Column) -> list[str]:
    sel = parse_formula(column.options["selection"])
    return list(dict.fromkeys(required_columns(column) + sel.variables()))


def _outcome_column(column: Column) -> Column:
    p = column.parsed
    imr = column.options.get("imr", "imr")
    formula = f"{p.depvar} ~ {p.rhs} + {imr}" + (f" | {p.fixef_str}" if p.fixef else "")
    return dataclasses.replace(column, formula=formula, parsed=parse_formula(formula), estimator="ols")


def _row(term: str, est: float, se: float = math.nan, stat: float = math.nan, p: float = math.nan,
         lo: float = math.nan, hi: float = math.nan) -> dict:
    return dict(zip(TIDY_COLUMNS, [term, float(est), float(se), float(stat), float(p), float(lo), float(hi)]))


def fit_heckman(data: pd.DataFrame, column: Column) -> EstimatorResult:
    o = column.options
    imr = o.get("imr", "imr")
    if imr in data.columns:
        raise ValueError(f"heckman: the panel already has a column {imr!r}; choose another options.imr")
    data = data.reset_index(drop=True)
    s, Z, znames, zrows = model_matrix(o["selection"], data)
    sel = probit(s, Z, znames)
    index = Z @ sel.coef
    selected = zrows[s == 1]
    lam_all = inverse_mills(index)
    out_data = data.iloc[selected].copy()
    out_data[imr] = lam_all[s == 1]
    out_col = _outcome_column(column)
    fit = run_feols(out_data.reset_index(drop=True), out_col)
    res = tidy_feols(fit)

    # Stata heckman twostep: sigma and rho from the outcome residuals and delta_i = λ_i(λ_i + z_i'γ)
    used = np.asarray(fit._data.index)                       # positions in out_data kept by pyfixest
    lam = lam_all[s == 1][used]
    delta = lam * (lam + index[s == 1][used])
    u = np.asarray(fit._u_hat, dtype=np.float64).ravel()
    t = res.coefs.set_index("term")
    b_lam = float(t.loc[imr, "estimate"])
    sigma = math.sqrt(max(float(u @ u) / len(u) + b_lam ** 2 * float(delta.mean()), 0.0))
    rho = b_lam / sigma if sigma > 0 else math.nan
    if abs(rho) > 1:
        rho, sigma = math.copysign(1.0, rho), abs(b_lam)

    probit_tidy = sel.tidy()
    diag = [_row(diag_term("probit", r.term), r.estimate, r.std_error, r.statistic, r.p_value, r.conf_low,
                 r.conf_high) for r in probit_tidy.itertuples()]
    lr = t.loc[imr]
    diag += [_row(diag_term("probit_n"), sel.n), _row(diag_term("probit_n_selected"), sel.n_success),
             _row(diag_term("probit_ll"), sel.loglik), _row(diag_term("probit_pseudo_r2"), sel.pseudo_r2),
             _row(diag_term("heckman_lambda"), lr["estimate"], lr["std_error"], lr["statistic"], lr["p_value"],
                  lr["conf_low"], lr["conf_high"]),
             _row(diag_term("heckman_sigma"), sigma), _row(diag_term("heckman_rho"), rho)]
    diag_df = pd.DataFrame(diag, columns=TIDY_COLUMNS)
    extra = {"imr": imr, "selection": o["selection"], "probit_iterations": sel.iterations}
    if o.get("report", "outcome") == "selection":
        coefs = pd.concat([probit_tidy.replace({"term": {"Intercept": "_cons"}}), diag_df], ignore_index=True)
        stats = {"nobs": float(sel.n), "r2": math.nan, "r2_within": math.nan, "adj_r2": math.nan,
                 "n_clusters": math.nan}
        return EstimatorResult(coefs[TIDY_COLUMNS], stats, {**extra, "report": "selection"})
    coefs = pd.concat([res.coefs, diag_df], ignore_index=True)
    return EstimatorResult(coefs, res.stats, {**extra, "report": "outcome"})


ESTIMATOR = Estimator(fit_heckman, columns, validate=validate, check=check,
                      description="Heckman two-step: probit selection (options.selection), inverse Mills ratio, "
                                  "outcome with absorbed FE on the selected rows; lambda, rho, sigma as diag: rows")
