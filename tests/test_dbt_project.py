"""Static checks of the dbt project (manifest only, no warehouse)."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from tradewh.settings import DBT_PROJECT_DIR, dbt_target_dir


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    from orchestration.run_job import ensure_manifest
    from tradewh.settings import resolve_paths

    base = tmp_path_factory.mktemp("parse")
    ensure_manifest(resolve_paths(raw_dir=base, warehouse=base / "w.duckdb", output=base / "out"))
    return json.loads((dbt_target_dir() / "manifest.json").read_text())


def test_every_reconciled_source_is_in_the_reconciliation_report(manifest):
    tests = [n for n in manifest["nodes"].values()
             if n["resource_type"] == "test" and (n.get("test_metadata") or {}).get("name") == "reconciles_with_inventory"]
    declared = {n["test_metadata"]["kwargs"]["source_name"] for n in tests}
    report = (DBT_PROJECT_DIR / "models/marts/reports/rpt_raw_reconciliation.sql").read_text()
    listed = set(re.findall(r"'(\w+)': \('stg_", report))
    assert declared and declared == listed


def test_every_registered_raw_source_has_a_reconciled_staging_model(manifest):
    from tradewh.landing.raw_sources import RAW_SOURCES

    tests = [n["test_metadata"]["kwargs"]["source_name"] for n in manifest["nodes"].values()
             if n["resource_type"] == "test" and (n.get("test_metadata") or {}).get("name") == "reconciles_with_inventory"]
    assert {s.name for s in RAW_SOURCES} == set(tests)


def test_result_studies_var_lists_every_study():
    from analysis.specs import list_studies

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert sorted(project["vars"]["result_studies"]) == list_studies()
