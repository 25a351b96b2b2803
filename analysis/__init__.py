"""tradewh analysis: study specs (YAML data) → estimators → tables and replication reports.

Pure Python (pandas, pyfixest, DuckDB via an injected ``fetch``); no Dagster imports.
"""
from analysis.estimators import ESTIMATORS, EstimatorResult, register
from analysis.runner import StudyResult, fetch_from, run_study
from analysis.specs import SpecError, Study, list_studies, load_study

__all__ = ["ESTIMATORS", "EstimatorResult", "register", "StudyResult", "fetch_from", "run_study",
           "SpecError", "Study", "list_studies", "load_study"]
