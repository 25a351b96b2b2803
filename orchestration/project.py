"""The dbt project as Dagster sees it. The manifest must exist before definitions load:
`tradewh` commands run `dbt parse` first; under pytest/CI call `prepare()`."""
from __future__ import annotations

from dagster_dbt import DbtProject

from tradewh.settings import DBT_PROJECT_DIR, dbt_target_dir

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR,
                         target_path=dbt_target_dir())


def prepare() -> None:
    """dbt parse (no `dbt deps`: the project has no packages)."""
    dbt_project.preparer.prepare(dbt_project)
