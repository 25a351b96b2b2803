"""Static checks of the dbt project (manifest only, no warehouse): the raw-source registry is the
one declaration of a source, and every study is complete with nothing else to add."""
from __future__ import annotations

import json
import textwrap

import pytest

from tradewh.settings import DBT_PROJECT_DIR, dbt_target_dir


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    from orchestration.run_job import ensure_manifest
    from tradewh.settings import resolve_paths

    base = tmp_path_factory.mktemp("parse")
    paths = resolve_paths(raw_dir=base, warehouse=base / "w.duckdb", output=base / "out")
    ensure_manifest(paths)
    out = json.loads((dbt_target_dir() / "manifest.json").read_text())
    out["_tradewh_paths"] = paths
    return out


def _reconciliation_tests(manifest) -> dict[str, tuple[str, str]]:
    """source_name -> (model the test is attached to, rejects model) of every reconciles_with_inventory test."""
    out = {}
    for n in manifest["nodes"].values():
        meta = n.get("test_metadata") or {}
        if n["resource_type"] == "test" and meta.get("name") == "reconciles_with_inventory":
            model = manifest["nodes"][n["attached_node"]]["name"]
            rejects = meta["kwargs"]["rejects_model"].split("'")[1]
            out[meta["kwargs"]["source_name"]] = (model, rejects)
    return out


def test_generated_dbt_files_match_the_registry():
    from tradewh.landing.dbt_sources import stale_files

    assert stale_files(DBT_PROJECT_DIR) == [], "run `tradewh sync-sources` after editing the raw-source registry"


def test_every_registered_source_is_a_dbt_source_with_its_staging_reconciled(manifest):
    from tradewh.landing.raw_sources import RAW_SOURCES

    landing = {n["name"] for n in manifest["sources"].values() if n["source_name"] == "landing"}
    assert {s.name for s in RAW_SOURCES} <= landing
    assert _reconciliation_tests(manifest) == {s.name: (s.staged, s.rejects) for s in RAW_SOURCES}


def test_reconciliation_report_reads_every_registered_source(manifest):
    from tradewh.landing.raw_sources import RAW_SOURCES

    node = next(n for n in manifest["nodes"].values() if n["name"] == "rpt_raw_reconciliation")
    parents = {manifest["nodes"][p]["name"] for p in node["depends_on"]["nodes"] if p.startswith("model.")}
    assert {m for s in RAW_SOURCES for m in (s.staged, s.rejects)} <= parents


def test_landed_sources_resolve_through_one_template(manifest):
    landing = [n for n in manifest["sources"].values() if n["source_name"] == "landing"
               and n["name"] not in ("file_inventory", "parse_errors")]
    templates = {n["config"]["meta"].get("external_location") or n["source_meta"].get("external_location")
                 for n in landing}
    assert len(templates) == 1 and "{name}" in templates.pop()


def test_every_file_source_reads_the_configured_directories(manifest):
    """dbt learns its locations from the pipeline's vars, never from the environment alone: a
    source pinned to an env var or a default path would read another universe's files."""
    paths = manifest["_tradewh_paths"]
    dirs = tuple(str(d) for d in (paths.landing_dir, paths.output))
    locations = {n["unique_id"]: n["config"]["meta"].get("external_location")
                 or n["source_meta"].get("external_location") for n in manifest["sources"].values()}
    wrong = {k: loc for k, loc in locations.items() if loc and not any(d in loc for d in dirs)}
    assert wrong == {}


def test_results_are_one_pattern_over_every_studys_files(manifest):
    results = {n["name"]: n for n in manifest["sources"].values() if n["source_name"] == "results"}
    assert set(results) == {"estimates", "descriptives", "simulation"}
    assert all("*__" in n["config"]["meta"]["external_location"] for n in results.values())


def test_every_shipped_study_is_complete(manifest):
    from analysis import list_studies
    from orchestration.study_check import study_problems

    assert {s: study_problems(s, manifest) for s in list_studies()} == {s: [] for s in list_studies()}


def test_a_new_study_needs_only_its_panel_suite_and_notes(manifest, tmp_path):
    """A spec for a study that exists nowhere else: the check names exactly the three pieces a
    study adds besides its spec, and nothing that should be derived (sources YAML, vars, assets)."""
    from orchestration.study_check import study_problems

    spec = tmp_path / "new_study.yml"
    spec.write_text(textwrap.dedent("""\
        study: new_study
        title: A new study
        panel: panel_new_study
        sources: [baci_flows]
        tables:
          - id: t1
            columns: [{name: "(1)", formula: "y ~ x"}]
        """))
    problems = study_problems(spec, manifest)
    assert [p.split(":")[0] for p in problems] == ["dbt", "checks", "docs"], problems
    assert "panel_new_study" in problems[0] and "panel_new_study.py" in problems[1] and "new_study.md" in problems[2]


def test_a_study_naming_an_unregistered_source_is_reported(manifest, tmp_path):
    from orchestration.study_check import study_problems

    spec = tmp_path / "ai.yml"
    text = (DBT_PROJECT_DIR.parent / "analysis/studies/ai_policy_quality.yml").read_text()
    spec.write_text(text.replace("sources: [baci_flows,", "sources: [baci_flowz,"))
    assert any("baci_flowz" in p for p in study_problems(spec, manifest))


def test_a_study_build_selects_the_rejects_its_reconciliation_tests_read():
    """Each staging model's reconciliation test reads `<model>_rejects`, which is not upstream of
    the panel: a study's selection adds it (else dbt runs the test on a table never built)."""
    from orchestration.pipeline import study_selection

    def model(name, tags=()):
        return {"resource_type": "model", "name": name, "tags": list(tags)}
    nodes = {f"model.t.{n}": model(n) for n in ["stg_a", "stg_a_rejects", "stg_b", "stg_b_rejects"]}
    nodes["model.t.panel_x"] = model("panel_x", ["x"])
    manifest = {"nodes": nodes, "parent_map": {"model.t.panel_x": ["model.t.stg_a"], "model.t.stg_a": []}}
    assert study_selection("x") == "+tag:x"
    assert study_selection("x", manifest) == "+tag:x +stg_a_rejects"


def test_a_study_lands_every_source_its_panel_is_built_from(manifest):
    """`tradewh simulate` lands only these: a superset of the spec's required sources, reaching
    sources the spec leaves optional (paper 000's income history) and none of another study's."""
    from analysis import load_study
    from orchestration.pipeline import study_raw_sources

    for sid in ("ai_policy_quality", "province_digital_tsi"):
        got = study_raw_sources(sid, manifest)
        assert set(load_study(sid).sources) <= set(got), sid
    apq = study_raw_sources("ai_policy_quality", manifest)
    assert "wdi_income_history" in apq and not any(s.startswith("province") for s in apq)
