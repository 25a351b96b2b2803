"""Per-stage wall time and peak memory of the pipeline at a chosen scale, and per-model dbt times.

Each stage runs as its own `tradewh` child process so its peak resident memory is measured
alone (os.wait4 reports the child's max RSS, including dbt's own child process). The dbt stage
writes its artifacts to ``<workdir>/dbt-target`` (not the project's shared target directory), so
its run_results.json gives the time of every model and test of this run: the slowest are printed
and all are written to ``<workdir>/dbt_node_times.csv``."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

STAGES = ("synth", "land", "dbt", "check", "estimate")


def _command(stage: str, scale: str, seed: int, raw: Path, study: str | None) -> list[str]:
    only = ["--study", study] if study else []
    return {
        "synth": ["synth", "--scale", scale, "--seed", str(seed), "--out", str(raw)],
        "land": ["land"],
        "dbt": ["build", "--no-land", *only],
        "check": ["check", *only],
        "estimate": ["estimate", *only],
    }[stage]


def node_times(run_results: Path) -> list[tuple[str, str, float, str]]:
    """(resource type, name, seconds, status) of every node in a dbt run_results.json, slowest first."""
    results = json.loads(run_results.read_text(encoding="utf-8"))["results"]
    rows = [(r["unique_id"].split(".")[0], r["unique_id"].split(".", 2)[-1], float(r.get("execution_time") or 0.0),
             str(r.get("status"))) for r in results]
    return sorted(rows, key=lambda r: (-r[2], r[1]))


def write_node_times(rows: list[tuple[str, str, float, str]], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["resource_type", "name", "seconds", "status"])
        w.writerows((t, n, f"{s:.3f}", st) for t, n, s, st in rows)


def run_benchmark(scale: str, seed: int, workdir: Path, stages: list[str] | None = None,
                  progress: Callable[[str], None] = print, study: str | None = None, top: int = 20) -> int:
    workdir = workdir.resolve()
    raw = workdir / "raw"
    target = workdir / "dbt-target"
    env = dict(os.environ, TRADEWH_RAW_DIR=str(raw), TRADEWH_WAREHOUSE=str(workdir / "tradewh.duckdb"),
               TRADEWH_OUTPUT=str(workdir / "output"), TRADEWH_LANDING_DIR=str(workdir / "landing"),
               DBT_TARGET_PATH=str(target))
    exe = str(Path(sys.executable).parent / "tradewh")
    rows = []
    for stage in stages or STAGES:
        log = workdir / f"{stage}.log"
        workdir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        with open(log, "w") as out:
            proc = subprocess.Popen([exe, *_command(stage, scale, seed, raw, study)], env=env,
                                    stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        rows.append((stage, wall, usage.ru_maxrss / 1024, code))
        progress(f"{stage:<9} {wall:8.1f} s   peak RSS {usage.ru_maxrss / 1024:8.0f} MiB   exit {code}   log {log}")
        if stage == "dbt" and (target / "run_results.json").exists():
            _report_nodes(target / "run_results.json", workdir / "dbt_node_times.csv", top, progress)
        if code != 0:
            progress(f"stage {stage} failed; see {log}")
            return code
    total = sum(r[1] for r in rows)
    what = f", study {study}" if study else ""
    progress(f"{'total':<9} {total:8.1f} s   (scale {scale}, seed {seed}{what}, {os.cpu_count()} cores)")
    return 0


def _report_nodes(run_results: Path, out: Path, top: int, progress: Callable[[str], None]) -> None:
    nodes = node_times(run_results)
    write_node_times(nodes, out)
    tests = [n[2] for n in nodes if n[0] == "test"]
    progress(f"  dbt: {len(nodes) - len(tests)} models/seeds {sum(n[2] for n in nodes) - sum(tests):.1f} s, "
             f"{len(tests)} tests {sum(tests):.1f} s; every node's time in {out}")
    for kind, name, secs, status in nodes[:top]:
        progress(f"    {secs:8.1f} s  {kind:<6} {name}  ({status})")
