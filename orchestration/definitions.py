"""Dagster definitions: raw files -> landing -> dbt warehouse -> blocking panel checks ->
study estimates -> results tables in SQL. Load with `dagster dev -m orchestration.definitions`
(or `tradewh ui`); the dbt manifest must exist (`tradewh` prepares it; tests call prepare())."""
import dagster as dg
from dagster_dbt import DbtCliResource, get_asset_key_for_model

from analysis.studies import load_study, study_ids
from tradewh.dbt_runner import dbt_executable

from .assets.dbt import results_tables, warehouse
from .assets.estimation import study_asset
from .assets.landing import RAW_SPECS, landing
from .checks import panel_check
from .jobs import estimate_studies, full_pipeline, weekly
from .project import dbt_project

_specs = [load_study(s) for s in study_ids()]
_panel_keys = {spec.panel: get_asset_key_for_model([warehouse], spec.panel) for spec in _specs}

defs = dg.Definitions(
    assets=[*RAW_SPECS, landing, warehouse, results_tables,
            *[study_asset(s.study, _panel_keys[s.panel], s.title) for s in _specs]],
    asset_checks=[panel_check(s.study, s.panel, _panel_keys[s.panel]) for s in _specs],
    jobs=[full_pipeline, estimate_studies],
    schedules=[weekly],
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())},
)
