"""Study specs (YAML), one file per study: ``<study_id>.yml`` next to this module."""
from __future__ import annotations

from analysis.specs import Study, list_studies
from analysis.specs import load_study as _load


def study_ids() -> list[str]:
    """Ids of the shipped studies (file stems), sorted."""
    return list_studies()


def load_study(study_id: str) -> Study:
    """Load and validate a shipped study by id (or a path to a spec file)."""
    return _load(study_id)


__all__ = ["study_ids", "load_study"]
