"""Study specs (YAML), one file per study: ``<study_id>.yml`` next to this module."""
from __future__ import annotations

from analysis.api import list_studies, load_study


def study_ids() -> list[str]:
    """Ids of the shipped studies (file stems), sorted."""
    return list_studies()


__all__ = ["study_ids", "load_study"]
