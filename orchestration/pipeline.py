"""The pipeline's steps as plain functions, shared by the CLI and the Dagster assets.

    land      raw directory -> landing Parquet (+ reference tables)        writes files only
    build     dbt seed/run/test on the warehouse                           the one writer
    check     Great Expectations suites on the panels (read-only)
    estimate  study specs -> estimates Parquet, tables, report; then dbt loads the estimates

Every step takes the `Paths` it works on explicitly.
"""
from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from analysis import load_study, run_study
from analysis.results import ensure_result_placeholders
from expectations import validate_panel
from tradewh.dbt_runner import run_dbt
from tradewh.landing.land import land_raw
from tradewh.landing.reference_placeholders import land_reference
from tradewh.settings import Paths
from tradewh.warehouse import connect_read_only

Progress = Callable[[str], None]


class ChecksFailed(RuntimeError):
    pass


def land(paths: Paths, require: list[str] | None = None, progress: Progress = print,
         only: list[str] | None = None) -> pd.DataFrame:
    """Land the raw directory (every source, or ``only`` these) and the reference tables; return
    the file inventory."""
    inventory = land_raw(paths.raw_dir, paths.landing_dir, require=require or [], progress=progress, only=only)
    land_reference(paths.reference_dir, paths.landing_dir, progress=progress)
    return inventory


def _upstream_models(study_id: str, manifest: dict) -> set[str]:
    """Names of the models the study's panel (its tag) is built from, the panel included."""
    nodes, parents = manifest["nodes"], manifest.get("parent_map", {})
    todo = [k for k, n in nodes.items() if n["resource_type"] == "model" and study_id in n.get("tags", [])]
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.add(key)
            todo.extend(p for p in parents.get(key, []) if p in nodes)
    return {nodes[k]["name"] for k in seen if nodes[k]["resource_type"] == "model"}


def study_selection(study_id: str, manifest: dict | None = None) -> str:
    """dbt selection of a study's panel and everything upstream of it (panels carry the study tag),
    plus the rejects model of every staged source it reaches: each staging model's reconciliation
    test reads its `<model>_rejects` sibling, which is not upstream of the panel. Without a
    manifest, the tag's ancestors only."""
    select = f"+tag:{study_id}"
    if manifest is None:
        return select
    names = _upstream_models(study_id, manifest)
    rejects = sorted(n["name"] for n in manifest["nodes"].values()
                     if n["resource_type"] == "model" and n["name"].endswith("_rejects")
                     and n["name"] not in names and n["name"].removesuffix("_rejects") in names)
    return " ".join([select, *(f"+{r}" for r in rejects)])


def study_raw_sources(study_id: str, manifest: dict) -> list[str]:
    """Every raw source (registry name) whose staging model the study's panel is built from:
    what a build of only this study must land (a superset of the spec's required `sources`)."""
    from tradewh.landing.raw_sources import RAW_SOURCES

    names = _upstream_models(study_id, manifest)
    return sorted(s.name for s in RAW_SOURCES if s.staged in names)


def build(paths: Paths, select: str | None = None, progress: Progress = print,
          indirect_selection: str | None = None) -> None:
    """dbt build of the warehouse (everything but the results tables, unless selected).
    ``indirect_selection`` (dbt's eager | buildable | cautious | empty) decides which tests of a
    selection run; a study build uses buildable (tests whose every parent is built)."""
    ensure_result_placeholders(paths.estimates_dir)
    args = ["build"]
    args += ["--select", select] if select else ["--exclude", "tag:results"]
    args += ["--indirect-selection", indirect_selection] if indirect_selection else []
    run_dbt(paths, args, progress=progress)


def check(paths: Paths, panels: list[str], progress: Progress = print):
    """Validate panels; returns the outcomes (the caller decides whether to stop)."""
    outcomes = []
    with connect_read_only(paths) as con:
        for panel in panels:
            outcome = validate_panel(con, panel)
            progress(outcome.summary())
            outcomes.append(outcome)
    return outcomes


def read_truth(paths: Paths) -> dict | None:
    """truth.json of a synthetic raw directory, for the report only (never for estimation)."""
    f = paths.raw_dir / "truth.json"
    return json.loads(f.read_text()) if f.exists() else None


def required_sources(study_id: str) -> list[str]:
    """The raw sources a study's spec declares (`sources:`)."""
    return list(load_study(study_id).sources)


def missing_sources(paths: Paths, study_id: str) -> list[str]:
    """The raw sources a study needs that the last landing found no file for (empty = the study
    can run). A raw directory holding only some sources builds fine; the studies without
    their data are skipped by check/estimate instead of failing on empty panels."""
    inventory = paths.landing_dir / "inventory" / "files.parquet"
    present = set(pd.read_parquet(inventory, columns=["source"])["source"]) if inventory.exists() else set()
    return [s for s in required_sources(study_id) if s not in present]


def estimate(paths: Paths, study_id: str, tables: list[str] | None = None,
             progress: Progress = print, load_results: bool = True, run_checks: bool = True):
    """Run a study's tables after its panel passes its checks; write outputs; load estimates.

    run_checks=False only where a blocking check already validated the panel (Dagster)."""
    spec = load_study(study_id)
    if run_checks:
        outcome = check(paths, [spec.panel], progress=progress)[0]
        if not outcome.passed:
            raise ChecksFailed(f"{spec.panel} failed its checks; no estimate written.\n{outcome.summary()}")
    with connect_read_only(paths) as con:
        def fetch(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()
        result = run_study(spec, fetch, paths.output, tables=tables, truth=read_truth(paths),
                           progress=progress, raw_dir=paths.raw_dir)
    if load_results:
        run_dbt(paths, ["build", "--select", "tag:results"], progress=progress)
    return result
