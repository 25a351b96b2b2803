"""Per-stage wall time and peak memory of the pipeline at a chosen scale.

Each stage runs as its own `tradewh` child process so its peak resident memory is measured
alone (os.wait4 reports the child's max RSS, including dbt's own child process)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

STAGES = ("synth", "land", "dbt", "check", "estimate")


def _command(stage: str, scale: str, seed: int, raw: Path) -> list[str]:
    return {
        "synth": ["synth", "--scale", scale, "--seed", str(seed), "--out", str(raw)],
        "land": ["land"],
        "dbt": ["build", "--no-land"],
        "check": ["check"],
        "estimate": ["estimate"],
    }[stage]


def run_benchmark(scale: str, seed: int, workdir: Path, stages: list[str] | None = None,
                  progress: Callable[[str], None] = print) -> int:
    workdir = workdir.resolve()
    raw = workdir / "raw"
    env = dict(os.environ, TRADEWH_RAW_DIR=str(raw), TRADEWH_WAREHOUSE=str(workdir / "tradewh.duckdb"),
               TRADEWH_OUTPUT=str(workdir / "output"), TRADEWH_LANDING_DIR=str(workdir / "landing"))
    exe = str(Path(sys.executable).parent / "tradewh")
    rows = []
    for stage in stages or STAGES:
        log = workdir / f"{stage}.log"
        workdir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        with open(log, "w") as out:
            proc = subprocess.Popen([exe, *_command(stage, scale, seed, raw)], env=env,
                                    stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        rows.append((stage, wall, usage.ru_maxrss / 1024, code))
        progress(f"{stage:<9} {wall:8.1f} s   peak RSS {usage.ru_maxrss / 1024:8.0f} MiB   exit {code}   log {log}")
        if code != 0:
            progress(f"stage {stage} failed; see {log}")
            return code
    total = sum(r[1] for r in rows)
    progress(f"{'total':<9} {total:8.1f} s   (scale {scale}, seed {seed}, {os.cpu_count()} cores)")
    return 0
