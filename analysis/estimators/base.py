"""What an estimator is: a fit function and the panel columns it needs.

A spec column's ``estimator`` names an entry of ``analysis.estimators.ESTIMATORS`` (an
explicit list, not registration on import). ``fit(data, column)`` returns the tidy results;
``columns(column)`` names the panel columns to select (the runner reads only those);
``validate(options)`` raises ValueError on bad ``options`` (reported as a SpecError when the
spec loads)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from analysis.core.schema import EstimatorResult
from analysis.fitting.feols import required_columns
from analysis.spec.types import Column


@dataclass(frozen=True)
class Estimator:
    fit: Callable[[pd.DataFrame, Column], EstimatorResult]
    columns: Callable[[Column], list[str]] = required_columns
    validate: Callable[[dict], None] | None = None
    description: str = ""
