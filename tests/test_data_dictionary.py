"""The data dictionary: every column of every mart (models named dim_*, idx_*, panel_*, rpt_*,
and the results models estimates / descriptives) has a description in the dbt manifest, and
every described column exists.

The marts are found by name in the manifest and their columns read from the built tiny
warehouse, so a mart added later is covered without touching this file. The results models
load the estimates after estimation and are not part of the tiny build: they are built into a
private copy of it (from the empty estimates files every build writes)."""
from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest
from conftest import make_paths

from tradewh.settings import DBT_PROJECT_DIR, dbt_target_dir

MART_PREFIXES = ("dim_", "idx_", "panel_", "rpt_")
RESULT_MODELS = ("estimates", "descriptives")
PLACEHOLDERS = {"", "todo", "tbd", "tbc", "fixme"}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    from orchestration.run_job import ensure_manifest
    from tradewh.settings import resolve_paths

    base = tmp_path_factory.mktemp("parse")
    ensure_manifest(resolve_paths(raw_dir=base, warehouse=base / "w.duckdb", output=base / "out"))
    return json.loads((dbt_target_dir() / "manifest.json").read_text())


@pytest.fixture(scope="module")
def marts(manifest) -> dict[str, dict]:
    found = {n["name"]: n for n in manifest["nodes"].values()
             if n["resource_type"] == "model"
             and (n["name"].startswith(MART_PREFIXES) or n["name"] in RESULT_MODELS)}
    assert {"dim_product", "idx_export_quality", "panel_ai_policy_quality", "rpt_raw_reconciliation",
            *RESULT_MODELS} <= set(found)
    return found


def _columns(con, node: dict) -> list[str] | None:
    rows = con.execute("select column_name from information_schema.columns "
                       "where table_schema = ? and table_name = ? order by ordinal_position",
                       [node["schema"], node["alias"] or node["name"]]).fetchall()
    return [r[0] for r in rows] or None


@pytest.fixture(scope="module")
def warehouse_columns(tiny_built, tmp_path_factory, marts, tiny_raw) -> dict[str, list[str] | None]:
    """Column names of each mart as built: the tiny warehouse (read-only), and for the results
    models a private copy of it where `dbt build --select tag:results` ran on the empty
    estimates files (ensure_manifest writes them, as every build does)."""
    from orchestration.run_job import ensure_manifest
    from tradewh.dbt_runner import run_dbt

    with duckdb.connect(str(tiny_built.warehouse), read_only=True) as con:
        cols = {name: _columns(con, node) for name, node in marts.items() if name not in RESULT_MODELS}
    paths = make_paths(tmp_path_factory.mktemp("results_wh"), tiny_raw)
    shutil.copy(tiny_built.warehouse, paths.warehouse)
    shutil.copytree(tiny_built.landing_dir, paths.landing_dir)
    ensure_manifest(paths)
    run_dbt(paths, ["build", "--select", "tag:results"], progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        cols.update({name: _columns(con, marts[name]) for name in RESULT_MODELS})
    return cols


def _described(text: str | None) -> bool:
    return (text or "").strip().lower() not in PLACEHOLDERS


def test_every_mart_is_built_and_described(marts, warehouse_columns):
    not_built = sorted(m for m, cols in warehouse_columns.items() if cols is None)
    assert not not_built, f"marts missing from the built warehouse: {not_built}"
    undescribed = sorted(m for m, node in marts.items() if not _described(node["description"]))
    assert not undescribed, f"marts without a description: {undescribed}"


def test_every_mart_column_is_described_and_every_described_column_exists(marts, warehouse_columns):
    problems = []
    for model, node in sorted(marts.items()):
        built = warehouse_columns.get(model) or []
        documented = {name: c.get("description") for name, c in node["columns"].items()}
        yml = (node["patch_path"] or "").split("://")[-1] or node["original_file_path"].rsplit(".", 1)[0] + ".yml"
        for col in built:
            if not _described(documented.get(col)):
                problems.append(f"{model}.{col}: no description (add it to {yml}, shared columns as a "
                                f"docs block of models/docs/columns.md)")
        for col in documented:
            if col not in built:
                problems.append(f"{model}.{col}: described but not a column of the built model")
    assert not problems, "data dictionary incomplete:\n  " + "\n  ".join(problems)


def test_every_shared_column_definition_is_used(manifest):
    """The docs blocks of models/docs/columns.md exist to be shared: each is referenced."""
    text = (DBT_PROJECT_DIR / "models" / "docs" / "columns.md").read_text(encoding="utf-8")
    blocks = set(re.findall(r"\{%\s*docs\s+(\w+)\s*%\}", text))
    assert blocks
    used = {ref.split(".")[-1] for n in manifest["nodes"].values()
            for c in (n.get("columns") or {}).values() for ref in c.get("doc_blocks") or []}
    used |= {ref.split(".")[-1] for n in manifest["nodes"].values() for ref in n.get("doc_blocks") or []}
    assert not blocks - used, f"docs blocks nobody references: {sorted(blocks - used)}"
