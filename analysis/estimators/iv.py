"""IV-2SLS with absorbed fixed effects and the first-stage / identification diagnostics of
Stata's ivreg2 / ivreghdfe, reported with the estimates.

Estimator ``iv``. The column's formula is pyfixest's IV formula, one endogenous regressor
(pyfixest 0.60 fits one) and one or more excluded instruments::

    formula: "Qua ~ controls | firm + year + firm^dest | Digtech ~ IV_Post"
    vcov: {CRV1: dest}            # iid | hetero | {CRV1: var}
    options: {first_stage: true}  # default: report the first-stage coefficients too

Second stage: pyfixest's 2SLS (``run_feols``/``tidy_feols``: coefficients, SEs with pyfixest's
small-sample factors, reghdfe-style ``_cons``), with the fixed effects demeaned to a tolerance of
1e-10 instead of pyfixest's 1e-6. Diagnostics (``analysis.fitting.ivdiag``, formulas
and small-sample conventions there) are computed on the FWL system — fixed effects and
included exogenous regressors partialled out — and stored as ``diag:`` rows of the estimates
table (``analysis.core.schema.DIAGNOSTICS``):

  diag:first_stage:<endog>:<instr>   first-stage coefficient, SE, t, p (model vcov)
  diag:first_stage_f:<endog>         partial F of the excluded instruments (p: F(L, dof) or F(L, G−1))
  diag:first_stage_partial_r2:<endog>
  diag:kp_rk_lm (+ _df)              Kleibergen–Paap rk LM, p from χ²(L−K+1) (= Anderson LM with iid)
  diag:kp_rk_wald_f                  Kleibergen–Paap rk Wald F (= Cragg–Donald F with iid)
  diag:cd_wald_f, diag:cd_wald_f_sy10  Cragg–Donald Wald F and the Stock–Yogo 10% maximal-size value
  diag:anderson_lm (+ _df)           Anderson canonical-correlations LM
  diag:sargan | diag:hansen_j (+ diag:overid_df)   only when over-identified

Cross-checked (tests/test_analysis_iv.py) against linearmodels: IV2SLS with explicit dummies
(coefficients, SEs), its first-stage diagnostics (partial F), ``cragg_donald_f``,
``kleibergen_paap`` / ``kleibergen_paap_f`` and IVGMM's J; and against a numpy computation of
the canonical correlations for Anderson LM and Cragg–Donald F.
"""
from __future__ import annotations

import math

import pandas as pd
from scipy import stats as st

from analysis.core.schema import TIDY_COLUMNS, EstimatorResult, diag_term
from analysis.estimators.base import Estimator
from analysis.fitting.feols import iv_system, run_feols, tidy_feols
from analysis.fitting.ivdiag import diagnostics
from analysis.spec.types import Column

OPTION_KEYS = {"first_stage"}
# The diagnostics are ratios of partialled quantities: demean to 1e-10 (pyfixest's default 1e-6
# leaves ~1e-9 relative noise in them; the estimates move by less than that).
FIXEF_TOL = 1e-10


def validate(options: dict) -> None:
    bad = sorted(set(options) - OPTION_KEYS)
    if bad:
        raise ValueError(f"unknown {bad}; allowed {sorted(OPTION_KEYS)} (regression weights are not supported)")
    if not isinstance(options.get("first_stage", True), bool):
        raise ValueError("first_stage: true or false")


def check(column: Column) -> None:
    if not column.parsed.iv:
        raise ValueError(f"formula {column.formula!r} has no IV part 'endog ~ instruments'")
    endog = column.parsed.iv.split("~")[0]
    if "+" in endog:
        raise ValueError(f"one endogenous regressor per column (pyfixest 0.60), got {endog.strip()!r}")


def _row(term: str, est: float, se: float = math.nan, stat: float = math.nan, p: float = math.nan,
         lo: float = math.nan, hi: float = math.nan) -> dict:
    return dict(zip(TIDY_COLUMNS, [term, float(est), float(se), float(stat), float(p), float(lo), float(hi)]))


def diagnostic_rows(d: dict, first_stage: bool = True) -> list[dict]:
    """``diag:`` rows of the estimates table from ``ivdiag.diagnostics``."""
    rows = []
    for fs in d["first_stage"]:
        if first_stage:
            q = st.t.ppf(0.975, fs["df"][1])
            for i, z in enumerate(fs.get("instruments", [])):
                b, se = fs["coef"][i], fs["se"][i]
                rows.append(_row(diag_term("first_stage", fs["endog"], z), b, se, fs["t"][i], fs["p"][i],
                                 b - q * se, b + q * se))
        rows.append(_row(diag_term("first_stage_f", fs["endog"]), fs["F"], stat=fs["F"], p=fs["F_p"]))
        rows.append(_row(diag_term("first_stage_partial_r2", fs["endog"]), fs["partial_r2"]))
    for name in ("kp_rk_lm", "anderson_lm", "sargan", "hansen_j"):
        if name in d:
            v, p = d[name]
            rows.append(_row(diag_term(name), v, stat=v, p=p))
    for name in ("kp_rk_lm_df", "anderson_lm_df", "overid_df", "kp_rk_wald_f", "cd_wald_f", "cd_wald_f_sy10"):
        if name in d:
            v = d[name]
            rows.append(_row(diag_term(name), v, stat=v if name.endswith("_f") else math.nan))
    return rows


def fit_iv(data: pd.DataFrame, column: Column) -> EstimatorResult:
    check(column)
    fit = run_feols(data, column, fixef_tol=FIXEF_TOL)
    res = tidy_feols(fit)
    system = iv_system(fit)
    d = diagnostics(system)
    for fs in d["first_stage"]:
        fs["instruments"] = list(system.instr_names)
    rows = diagnostic_rows(d, column.options.get("first_stage", True))
    coefs = pd.concat([res.coefs, pd.DataFrame(rows, columns=TIDY_COLUMNS)], ignore_index=True)
    extra = {"endogenous": list(system.endog_names), "instruments": list(system.instr_names),
             "first_stage_dof": system.dof, "vcov_type": system.vcov}
    return EstimatorResult(coefs, res.stats, extra)


ESTIMATOR = Estimator(fit_iv, validate=validate, check=check,
                      description="IV-2SLS via pyfixest (y ~ x | fe | endog ~ z) with ivreg2-style first-stage, "
                                  "Kleibergen-Paap, Cragg-Donald, Anderson and Sargan/Hansen diagnostics as diag: rows")
