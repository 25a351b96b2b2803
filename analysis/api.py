"""The public API of analysis/ (its top layer): load a validated study, list the shipped ones,
run one. Everything a caller (the CLI, Dagster, a notebook) needs is here.

    from analysis import load_study, run_study
    study = load_study("ai_policy_quality")            # spec + estimators and their options checked
    run_study(study, fetch_from(con), "output")
"""
from __future__ import annotations

from pathlib import Path

from analysis import runner
from analysis.core.errors import SpecError
from analysis.core.panel import Fetch, fetch_from
from analysis.estimators import ESTIMATORS
from analysis.estimators.refit import REFIT_ESTIMATORS
from analysis.planted import effect_keys
from analysis.runner import StudyResult
from analysis.spec.parse import list_studies, load_spec
from analysis.spec.types import Study

__all__ = ["SpecError", "Study", "StudyResult", "ESTIMATORS", "fetch_from", "list_studies", "load_study",
           "run_study"]


def load_study(spec: str | Path | dict) -> Study:
    """A study from its id, a YAML path or a dict; every column's estimator must exist and
    accept its options (SpecError naming the file, table and column otherwise)."""
    study = load_spec(spec)
    if study.planted_effects is not None:
        effect_keys(study.planted_effects)          # an unknown rule is a SpecError
    for table in study.tables:
        for col in table.columns:
            where = study.where(table, col)
            if col.truth_estimands and not study.planted_effects:
                raise SpecError(f"{where}: truth estimand {sorted(set(col.truth_estimands.values()))} needs the "
                                "study's planted_effects rule")
            if col.truth_estimands and col.estimator not in REFIT_ESTIMATORS:
                raise SpecError(f"{where}: truth estimand is implemented for {', '.join(REFIT_ESTIMATORS)} columns")
            if col.estimator not in ESTIMATORS:
                raise SpecError(f"{where}: estimator: {col.estimator!r} is not one of {sorted(ESTIMATORS)}")
            est = ESTIMATORS[col.estimator]
            if est.validate is not None:
                try:
                    est.validate(col.options)
                except ValueError as e:
                    raise SpecError(f"{where}: options: {e}") from e
            if est.check is not None:
                try:
                    est.check(col)
                except ValueError as e:
                    raise SpecError(f"{where}: estimator {col.estimator!r}: {e}") from e
    return study


def run_study(spec: Study | str | Path | dict, fetch: Fetch, out_dir: str | Path, **kw) -> StudyResult:
    """Estimate a study's tables (a Study, or anything ``load_study`` takes) and write its outputs;
    keyword arguments as ``analysis.runner.run_study``."""
    study = spec if isinstance(spec, Study) else load_study(spec)
    return runner.run_study(study, fetch, out_dir, **kw)
