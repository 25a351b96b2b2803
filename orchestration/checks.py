"""Blocking Great Expectations checks on the estimation panels: a failure stops estimation."""

import dagster as dg

from .pipeline import check, missing_sources
from .resources import WarehousePaths


def panel_check(study_id: str, panel: str, panel_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=panel_key, name="great_expectations", blocking=True,
                    description=f"Great Expectations suite expectations/{panel}.py on the whole panel")
    def _check(paths: WarehousePaths) -> dg.AssetCheckResult:
        p = paths.paths()
        missing = missing_sources(p, study_id)
        if missing:  # nothing to check: the study is skipped, not failed
            return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                       metadata={"skipped": f"no raw files for {', '.join(missing)}"})
        outcome = check(p, [panel], progress=lambda _: None)[0]
        return dg.AssetCheckResult(
            passed=outcome.passed,
            metadata={"rows": outcome.n_rows, "expectations": outcome.n_expectations,
                      "failures": dg.MetadataValue.md(outcome.summary())},
        )

    return _check
