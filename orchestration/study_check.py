"""What a study needs besides its spec, checked: the four pieces a new study adds and nothing else.

A study is its spec (`analysis/studies/<id>.yml`), its panel model with YAML (tagged with the
study id), its Great Expectations suite (`expectations/<panel>.py`) and its notes
(`docs/studies/<id>.md`). Everything else is derived: raw sources come from the spec's
`sources:` and the landing registry, the estimates reach SQL through one file pattern, the
Dagster assets and checks are built from the specs. `study_problems` lists what is missing
or inconsistent; `tradewh studies` prints it for every study and a test requires it empty.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from analysis import SpecError, load_study
from tradewh.landing.raw_sources import BY_NAME
from tradewh.settings import PROJECT_ROOT, dbt_target_dir, dbt_vars

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
STUDY_DOCS_DIR = PROJECT_ROOT / "docs" / "studies"


def load_manifest(target_dir: Path | None = None) -> dict:
    path = (target_dir or dbt_target_dir()) / "manifest.json"
    if not path.exists():
        raise FileNotFoundError(f"no dbt manifest at {path}: run `dbt parse` (tradewh does it) first")
    return json.loads(path.read_text())


def study_problems(spec: str | Path, manifest: dict) -> list[str]:
    """Every missing or inconsistent piece of a study (empty when it is complete)."""
    try:
        study = load_study(spec)
    except SpecError as e:
        return [f"spec: {e}"]
    sid, panel, problems = study.study, study.panel, []
    if not study.sources:
        problems.append(f"spec {study.path}: 'sources' lists no raw source")
    unknown = [s for s in study.sources if s not in BY_NAME]
    if unknown:
        problems.append(f"spec {study.path}: sources {unknown} are not in the landing registry "
                        "(tradewh/landing/raw_sources.py)")
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] == panel]
    if not models:
        problems.append(f"dbt: no model {panel} (dbt_project/models/marts/panels/{panel}.sql with its YAML)")
    else:
        node = models[0]
        if sid not in node.get("tags", []):
            problems.append(f"dbt: model {panel} lacks the study tag {sid!r} "
                            f"({{{{ config(tags=['{sid}']) }}}}; `tradewh build --study {sid}` selects +tag:{sid})")
        if not (node.get("description") or "").strip():
            problems.append(f"dbt: model {panel} has no description in its YAML")
    suite = EXPECTATIONS_DIR / f"{panel}.py"
    if not suite.exists():
        problems.append(f"checks: no Great Expectations suite {suite.relative_to(PROJECT_ROOT)}")
    else:
        module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(f"_suite_{panel}", suite))
        module.__loader__.exec_module(module)
        missing = [f for f in ("prepare", "expectations") if not callable(getattr(module, f, None))]
        if missing:
            problems.append(f"checks: {suite.name} lacks {missing}")
    doc = STUDY_DOCS_DIR / f"{sid}.md"
    if not doc.exists():
        problems.append(f"docs: no {doc.relative_to(PROJECT_ROOT)} (the study's choices where the paper is silent)")
    if study.dbt_vars and not any(str(k).startswith(study.dbt_vars) for k in dbt_vars()):
        problems.append(f"spec: dbt_vars prefix {study.dbt_vars!r} matches no var in dbt_project.yml")
    return problems
