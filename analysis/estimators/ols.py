"""OLS with absorbed fixed effects: pyfixest.feols and the reghdfe-style constant."""
from __future__ import annotations

import pandas as pd

from analysis.core.schema import EstimatorResult
from analysis.estimators.base import Estimator
from analysis.fitting.feols import run_feols, tidy_feols
from analysis.spec.types import Column


def fit_ols(data: pd.DataFrame, column: Column) -> EstimatorResult:
    """Linear model with absorbed fixed effects (pyfixest.feols)."""
    return tidy_feols(run_feols(data, column))


ESTIMATOR = Estimator(fit_ols, description="OLS / HDFE via pyfixest.feols; reghdfe-style _cons")
