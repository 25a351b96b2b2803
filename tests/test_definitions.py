"""Dagster: definitions load, the lineage runs from raw files to estimates, the full job
runs in-process, and a failing panel check blocks estimation within the run."""
from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest
from conftest import make_paths

from analysis import load_study
from analysis.studies import study_ids


@pytest.fixture(scope="module")
def defs(tmp_path_factory):
    from orchestration.definitions import make_definitions
    from orchestration.run_job import ensure_manifest

    paths = make_paths(tmp_path_factory.mktemp("defs"), tmp_path_factory.mktemp("defs_raw"))
    ensure_manifest(paths)  # dbt parse: definitions load from the manifest
    return make_definitions(paths)


def _key(*parts):
    return dg.AssetKey(list(parts))


def test_lineage_runs_from_raw_files_to_estimates_in_sql(defs):
    graph = defs.resolve_asset_graph()
    estimates = next(k for k in graph.get_all_asset_keys() if k.path[-1] == "estimates")
    ancestors, frontier = set(), [estimates]
    while frontier:
        key = frontier.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in ancestors:
                ancestors.add(parent)
                frontier.append(parent)
    names = {k.to_user_string() for k in ancestors}
    for expected in ["raw/baci_flows", "landing/baci_flows", "raw/wdi_data", "raw/tariffs_wits",
                     "raw/ifr_robots", "results/ai_policy_quality",
                     "raw/province_yearbook", "raw/province_industry_exports", "results/province_digital_tsi"]:
        assert expected in names, expected
    assert any(n.endswith("panel_ai_policy_quality") for n in names)
    assert any(n.endswith("idx_export_quality") for n in names)


def test_panel_check_is_blocking_and_dbt_tests_are_checks(defs):
    checks = list(defs.resolve_asset_graph().asset_check_keys)
    gx = [c for c in checks if c.name == "great_expectations"]
    assert {c.asset_key.path[-1] for c in gx} == {load_study(s).panel for s in study_ids()}
    assert any("reconciles_with_inventory" in c.name for c in checks)
    blocking = [s for ad in defs.resolve_asset_graph().assets_defs for s in ad.check_specs
                if s.name == "great_expectations"]
    assert blocking and all(s.blocking for s in blocking)


def _run_job(paths):
    """The full job for these paths, which reach every asset through the `paths` resource."""
    import os

    import joblib  # noqa: F401  (statsmodels imports it; it sets KMP_INIT_AT_FORK on import, not ours)

    from orchestration.definitions import make_definitions

    before = dict(os.environ)
    job = make_definitions(paths).resolve_job_def("full_pipeline")
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert dict(os.environ) == before          # nothing is passed through the environment
    return result


@pytest.mark.slow  # dbt parse
def test_definitions_load_from_the_environment_as_dagster_dev_does(monkeypatch, tmp_path):
    from orchestration.definitions import defs as load_defs
    from orchestration.run_job import ensure_manifest

    paths = make_paths(tmp_path, tmp_path / "raw")
    ensure_manifest(paths)
    for k, v in paths.env().items():
        monkeypatch.setenv(k, v)
    loaded = load_defs()
    resource = loaded.resources["paths"]
    assert resource.paths() == paths


def test_full_pipeline_job_runs_every_study_its_panel_checks_let_through(defs, tmp_path, tiny_raw):
    # the tiny universe is too small for paper 002's per-product quality step (its suite blocks
    # that panel: tests/test_cli.py); every other study is estimated in the same run
    paths = make_paths(tmp_path, tiny_raw)
    result = _run_job(paths)
    failed = {e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"}
    assert failed == {"marts__panel_digital_patents_quality_great_expectations"}
    materialized = {e.asset_key.to_user_string() for e in result.all_events
                    if e.event_type_value == "ASSET_MATERIALIZATION"}
    for study in ("ai_policy_quality", "province_digital_tsi", "robots_dvar", "trade_digitization_quality"):
        assert f"results/{study}" in materialized
        assert (paths.output / study / "report.md").exists()
        # exactly the spec's regression columns, each estimated (or marked not estimable) once
        spec = load_study(study)
        expected = sorted((t.id, c.name) for t in spec.tables if t.kind == "regression" for c in t.columns)
        written = duckdb.sql(f"select table_id, \"column\", count(*), count(distinct term) "
                             f"from '{paths.output}/estimates/{study}__estimates.parquet' "
                             "group by all order by all").fetchall()
        assert sorted((t, c) for t, c, _, _ in written) == expected, study
        assert all(n == n_terms >= 1 for _, _, n, n_terms in written), study
    assert "results/digital_patents_quality" not in materialized


def test_failing_panel_check_blocks_estimation_in_the_run(defs, tmp_path, tiny_raw):
    raw = tmp_path / "raw"
    shutil.copytree(tiny_raw, raw)
    next((raw / "baci").glob("BACI_HS96_Y2013_*.csv")).unlink()   # a whole year goes missing
    paths = make_paths(tmp_path, raw)
    result = _run_job(paths)
    assert not result.success
    evals = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    gx = [e for e in evals if e.check_name == "great_expectations"
          and e.asset_key.path[-1] == "panel_ai_policy_quality"]
    assert len(gx) == 1 and not gx[0].passed
    materialized = {e.asset_key.to_user_string() for e in result.all_events
                    if e.event_type_value == "ASSET_MATERIALIZATION"}
    assert "results/ai_policy_quality" not in materialized
    written = paths.output / "estimates" / "ai_policy_quality__estimates.parquet"
    assert not written.exists() or len(duckdb.sql(f"select * from '{written}'")) == 0  # at most the empty placeholder
    assert not (paths.output / "ai_policy_quality").exists()
