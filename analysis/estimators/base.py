"""What an estimator is: a fit function and the panel columns it needs.

A spec column's ``estimator`` names an entry of ``analysis.estimators.ESTIMATORS`` (an
explicit list, not registration on import). ``fit(data, column)`` returns the tidy results;
``columns(column)`` names the panel columns to select (the runner reads only those);
``validate(options)`` raises ValueError on bad ``options`` and ``check(column)`` on a column the
estimator cannot fit (e.g. an ``iv`` column without an IV part); both are reported as a SpecError
naming the file, table and column when the spec loads."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    check: Callable[[Column], None] | None = None
