"""Jobs and schedules. The full pipeline is one job so that checks block estimation in-run."""
import dagster as dg


def pipeline_jobs(results_tables: dg.AssetsDefinition) -> tuple[list, list]:
    """(jobs, schedules); ``results_tables`` is the dbt definition of the results models."""
    full_pipeline = dg.define_asset_job(
        "full_pipeline", selection=dg.AssetSelection.all() - dg.AssetSelection.groups("raw"),
        description="Land raw files, build the warehouse (dbt tests as checks), validate the panels "
                    "(blocking), estimate every study, load the estimates into SQL.")
    estimate_studies = dg.define_asset_job(
        "estimate_studies", selection=dg.AssetSelection.groups("results") | dg.AssetSelection.assets(results_tables),
        description="Re-estimate the studies on the current warehouse (no rebuild).")
    weekly = dg.ScheduleDefinition(job=full_pipeline, cron_schedule="0 3 * * 1",
                                   default_status=dg.DefaultScheduleStatus.STOPPED,
                                   description="Weekly full rebuild (off by default; turn on in the UI).")
    return [full_pipeline, estimate_studies], [weekly]
