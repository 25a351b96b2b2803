"""Run the full pipeline as a Dagster job in this process, recorded in a persistent
Dagster home so the runs appear in `tradewh ui`."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from analysis.results import ensure_result_placeholders
from tradewh.dbt_runner import run_dbt
from tradewh.settings import Paths

DAGSTER_YAML = """# written by tradewh: local storage, DuckDB writers serialised through the pool
telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
"""


QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def dagster_home() -> Path:
    """DAGSTER_HOME if set, else .dagster_home; created with our dagster.yaml when new."""
    home = Path(os.environ.get("DAGSTER_HOME") or ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / "dagster.yaml"
    if not cfg.exists():
        cfg.write_text(DAGSTER_YAML)
    return home


def ensure_manifest(paths: Paths) -> None:
    """Definitions load from dbt's manifest; parse the project (no `dbt deps`: no packages)."""
    ensure_result_placeholders(paths.estimates_dir)
    run_dbt(paths, ["parse", "--quiet"], progress=lambda _: None, lock=False)


def run_full_pipeline(paths: Paths, progress: Callable[[str], None] = print) -> bool:
    import dagster as dg

    from orchestration.definitions import make_definitions

    ensure_manifest(paths)
    job = make_definitions(paths).resolve_job_def("full_pipeline")
    home = dagster_home()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET)
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        checks = [e.event_specific_data for e in result.all_events
                  if e.event_type_value == "ASSET_CHECK_EVALUATION"]
        bad_checks = [c.check_name for c in checks if not c.passed]
        progress(f"run {result.run_id}: {'SUCCESS' if result.success else 'FAILURE'}; "
                 f"{len(checks)} checks, {len(bad_checks)} failed {bad_checks[:5]}; failed steps {failed}")
        progress(f"runs recorded in DAGSTER_HOME={home} (see `tradewh ui`)")
    return result.success
