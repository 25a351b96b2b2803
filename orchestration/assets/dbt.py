"""The dbt project as assets: seeds, staging, intermediate, marts (dbt tests become checks).

Two definitions over one manifest: the warehouse build, and the `results` models that load
estimates into SQL once the studies have run (they depend on every study's asset)."""

import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from tradewh.dbt_runner import location_vars, writer_lock

from ..project import dbt_project
from ..resources import WarehousePaths

RESULT_MODELS = ("estimates", "descriptives")


class Translator(DagsterDbtTranslator):
    """Groups by the model's folder; the results models depend on every study's estimation
    asset (their source is one file pattern over all studies' estimates)."""

    def __init__(self, study_ids: list[str]):
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))
        self.study_ids = list(study_ids)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_asset_spec(self, manifest, unique_id, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "model" and props["name"] in RESULT_MODELS:
            spec = spec.replace_attributes(deps=[dg.AssetDep(["results", s]) for s in self.study_ids])
        return spec


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: WarehousePaths):
    p = paths.paths()
    with writer_lock(p):
        yield from dbt.cli(["build", "--vars", json.dumps(location_vars(p), sort_keys=True)],
                           context=context).stream()


def dbt_asset_defs(study_ids: list[str]) -> list[dg.AssetsDefinition]:
    """The warehouse and the results tables (needs the manifest: `tradewh` parses first)."""
    translator = Translator(study_ids)

    @dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, exclude="tag:results",
                dagster_dbt_translator=translator, name="warehouse", pool="duckdb_writer")
    def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: WarehousePaths):
        yield from _build(context, dbt, paths)

    @dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, select="tag:results",
                dagster_dbt_translator=translator, name="results_tables", pool="duckdb_writer")
    def results_tables(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: WarehousePaths):
        yield from _build(context, dbt, paths)

    return [warehouse, results_tables]
