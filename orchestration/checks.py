"""Blocking Great Expectations checks on the estimation panels: a failure stops estimation."""

import dagster as dg

from tradewh.pipeline import check, missing_sources
from tradewh.settings import resolve_paths


def panel_check(study_id: str, panel: str, panel_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=panel_key, name="great_expectations", blocking=True,
                    description=f"Great Expectations suite expectations/{panel}.py on the whole panel")
    def _check() -> dg.AssetCheckResult:
        paths = resolve_paths()
        missing = missing_sources(paths, study_id)
        if missing:  # nothing to check: the study is skipped, not failed
            return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                       metadata={"skipped": f"no raw files for {', '.join(missing)}"})
        outcome = check(paths, [panel], progress=lambda _: None)[0]
        return dg.AssetCheckResult(
            passed=outcome.passed,
            metadata={"rows": outcome.n_rows, "expectations": outcome.n_expectations,
                      "failures": dg.MetadataValue.md(outcome.summary())},
        )

    return _check
