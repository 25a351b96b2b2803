"""Dagster definitions: raw files -> landing -> dbt warehouse -> blocking panel checks ->
study estimates -> results tables in SQL.

``make_definitions(paths)`` builds them for one set of locations (the `WarehousePaths`
resource every asset reads); ``defs`` is what `dagster dev -m orchestration.definitions`
(`tradewh ui`) loads, with the locations `tradewh` started it with. The dbt manifest must
exist first (`tradewh` parses the project; tests call `orchestration.run_job.ensure_manifest`)."""
from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource, get_asset_key_for_model

from analysis import list_studies, load_study
from tradewh.dbt_runner import dbt_executable, profiles_dir
from tradewh.settings import Paths, resolve_paths

from .assets.dbt import dbt_asset_defs
from .assets.estimation import study_asset
from .assets.landing import RAW_SPECS, landing
from .checks import panel_check
from .jobs import pipeline_jobs
from .project import dbt_project
from .resources import WarehousePaths


def make_definitions(paths: Paths) -> dg.Definitions:
    specs = [load_study(s) for s in list_studies()]
    dbt_defs = dbt_asset_defs([s.study for s in specs])
    panel_keys = {s.panel: get_asset_key_for_model(dbt_defs[:1], s.panel) for s in specs}
    jobs, schedules = pipeline_jobs(dbt_defs[1])
    return dg.Definitions(
        assets=[*RAW_SPECS, landing, *dbt_defs,
                *[study_asset(s.study, panel_keys[s.panel], s.title) for s in specs]],
        asset_checks=[panel_check(s.study, s.panel, panel_keys[s.panel]) for s in specs],
        jobs=jobs,
        schedules=schedules,
        resources={"dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(profiles_dir(paths)),
                                         dbt_executable=dbt_executable()),
                   "paths": WarehousePaths.from_paths(paths)},
    )


@dg.definitions
def defs() -> dg.Definitions:
    return make_definitions(resolve_paths())
