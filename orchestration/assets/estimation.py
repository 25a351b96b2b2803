"""One asset per study: estimate every table of its spec on the checked panel, write the
tables, figures and report, and the estimates Parquet that the `results` dbt models load."""

import dagster as dg

from ..pipeline import estimate, missing_sources
from ..resources import WarehousePaths


class EstimateConfig(dg.Config):
    tables: list[str] = []  # empty = every table of the study


def study_asset(study_id: str, panel_key: dg.AssetKey, title: str) -> dg.AssetsDefinition:
    @dg.asset(key=["results", study_id], deps=[panel_key], group_name="results", kinds={"python"},
              description=f"{title}: every table of analysis/studies/{study_id}.yml, estimated on "
                          f"{panel_key.to_user_string()} after its blocking checks passed.")
    def _estimate(context: dg.AssetExecutionContext, config: EstimateConfig,
                  paths: WarehousePaths) -> dg.MaterializeResult:
        p = paths.paths()
        missing = missing_sources(p, study_id)
        if missing:
            context.log.warning(f"{study_id} skipped: no raw files for {', '.join(missing)}")
            return dg.MaterializeResult(metadata={"skipped": f"no raw files for {', '.join(missing)}"})
        # the blocking Great Expectations check on the panel already ran in this run
        result = estimate(p, study_id, tables=config.tables or None, progress=context.log.info,
                          load_results=False, run_checks=False)
        return dg.MaterializeResult(metadata={
            "report": dg.MetadataValue.path(str(result.report_path)),
            "n_estimates": len(result.estimates),
            "tables": ", ".join(sorted(result.estimates["table_id"].unique())) if len(result.estimates) else "",
        })

    return _estimate
