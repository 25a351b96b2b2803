"""A column's own regression run on another outcome: same right-hand side, fixed effects,
weights, sample and singleton rule. What a planted value is the estimand of follows from it
(analysis.runner.truth_scale_rows: a standardisation multiplier; analysis.planted: the per-row
planted effects). IV columns keep their 2SLS (without the first-stage report); a bdiff column,
shown as its first group's regression, is OLS on that group's rows."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.core.errors import SpecError
from analysis.core.formulas import parse_formula
from analysis.estimators import ESTIMATORS
from analysis.spec.types import Column

REFIT_ESTIMATORS = ("ols", "iv", "bdiff")   # the estimators a column can be refitted with


def refit_on(col: Column, data: pd.DataFrame, outcome: str, what: str) -> pd.DataFrame:
    """The coefficients (indexed by term) of ``col``'s regression with ``outcome`` (a column of
    ``data``) as the dependent variable; ``what`` names the use in the error for other estimators."""
    formula = f"{outcome} ~ {col.formula.split('~', 1)[1].strip()}"
    estimator, options, d = col.estimator, dict(col.options), data
    if col.estimator == "bdiff":
        first = options["groups"][0]
        first = first if isinstance(first, list) else [first]
        d = d[d[options["group"]].astype("float64").isin([float(v) for v in first])]
        estimator, options = "ols", {}
    elif col.estimator == "iv":
        options = {**options, "first_stage": False}
    elif col.estimator not in REFIT_ESTIMATORS:
        raise SpecError(f"column {col.name!r}: {what} is implemented for {', '.join(REFIT_ESTIMATORS)} columns")
    c = replace(col, formula=formula, parsed=parse_formula(formula), estimator=estimator, options=options,
                truth_scales={}, truth_estimands={})
    return ESTIMATORS[estimator].fit(d, c).coefs.set_index("term")
