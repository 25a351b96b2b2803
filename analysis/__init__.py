"""tradewh analysis: study specs (YAML data) → estimators → tables and replication reports.

Pure Python (pandas, pyfixest, DuckDB via an injected ``fetch``); no Dagster imports. Layers,
each importing only those below it (a test enforces it):

    api                     load_study, list_studies, run_study
    runner, results         run a study: panel → estimators → Parquet, tables, report
    estimators | reporting  one module per estimator kind | grids, figures, comparison, report
    fitting                 fixed-effects least squares on pyfixest, tidy results
    spec                    study spec types and YAML parsing
    core                    formulas, the results schema, panel selection and the column check
"""
from analysis.api import ESTIMATORS, SpecError, Study, StudyResult, fetch_from, list_studies, load_study, run_study

__all__ = ["ESTIMATORS", "SpecError", "Study", "StudyResult", "fetch_from", "list_studies", "load_study",
           "run_study"]
