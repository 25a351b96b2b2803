"""The benchmark's dbt per-node report and its study-restricted stage commands."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from orchestration.benchmark import _command, node_times, write_node_times


def test_node_times_are_read_from_run_results_slowest_first(tmp_path: Path):
    rr = tmp_path / "run_results.json"
    rr.write_text(json.dumps({"results": [
        {"unique_id": "model.tradewh.int_rdv__firm_dvar", "execution_time": 2.5, "status": "success"},
        {"unique_id": "test.tradewh.not_null_panel_firm_id.abc123", "execution_time": 0.25, "status": "pass"},
        {"unique_id": "model.tradewh.idx_firm_robot_exposure", "execution_time": 7.0, "status": "success"},
        {"unique_id": "seed.tradewh.io_sectors", "execution_time": None, "status": "success"},
    ]}))
    rows = node_times(rr)
    assert [r[1] for r in rows] == ["idx_firm_robot_exposure", "int_rdv__firm_dvar",
                                    "not_null_panel_firm_id.abc123", "io_sectors"]
    assert rows[0] == ("model", "idx_firm_robot_exposure", 7.0, "success")
    assert rows[-1][2] == 0.0            # a node without a time (skipped) counts 0 s, not an error
    out = tmp_path / "times.csv"
    write_node_times(rows, out)
    with open(out, newline="") as f:
        back = list(csv.DictReader(f))
    assert [b["name"] for b in back] == [r[1] for r in rows] and back[1]["seconds"] == "2.500"


def test_a_study_restricts_the_dbt_check_and_estimate_stages_only(tmp_path: Path):
    raw = tmp_path / "raw"
    assert _command("dbt", "large", 42, raw, "robots_dvar") == ["build", "--no-land", "--study", "robots_dvar"]
    assert _command("check", "large", 42, raw, "robots_dvar")[-2:] == ["--study", "robots_dvar"]
    assert _command("estimate", "large", 42, raw, "robots_dvar")[-2:] == ["--study", "robots_dvar"]
    assert "--study" not in _command("synth", "large", 42, raw, "robots_dvar")
    assert _command("land", "large", 42, raw, "robots_dvar") == ["land"]
    assert _command("dbt", "demo", 7, raw, None) == ["build", "--no-land"]
