"""The dbt project as assets: seeds, staging, intermediate, marts (dbt tests become checks).

Two definitions over one manifest: the warehouse build, and the `results` models that load
estimates into SQL once a study has run (they depend on the estimation assets)."""

from typing import Any, Mapping

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from tradewh.dbt_runner import writer_lock
from tradewh.settings import resolve_paths

from ..project import dbt_project


class Translator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


TRANSLATOR = Translator(settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, exclude="tag:results",
            dagster_dbt_translator=TRANSLATOR, name="warehouse", pool="duckdb_writer")
def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    with writer_lock(resolve_paths()):
        yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, select="tag:results",
            dagster_dbt_translator=TRANSLATOR, name="results_tables", pool="duckdb_writer")
def results_tables(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    with writer_lock(resolve_paths()):
        yield from dbt.cli(["build"], context=context).stream()
