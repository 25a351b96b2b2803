"""Run dbt as a child process on the project, with the paths in its environment.

dbt is the only writer of the warehouse. Every dbt invocation from tradewh goes through
`run_dbt`, which takes an inter-process file lock beside the warehouse so two writers never
overlap (DuckDB allows one writer per file).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

from filelock import FileLock

from .settings import DBT_PROJECT_DIR, Paths


class DbtError(RuntimeError):
    pass


def dbt_executable() -> str:
    """The dbt next to this Python (the project's venv), else the one on PATH."""
    local = Path(sys.executable).parent / "dbt"
    if local.exists():
        return str(local)
    found = shutil.which("dbt")
    if not found:
        raise DbtError("dbt is not installed in this environment (pip install -e . installs dbt-core)")
    return found


def writer_lock(paths: Paths) -> FileLock:
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(paths.warehouse) + ".lock", timeout=600)


def dbt_env(paths: Paths) -> dict[str, str]:
    env = dict(os.environ)
    env.update(paths.env())
    if paths.reference_dir is None:
        env.pop("TRADEWH_REFERENCE_DIR", None)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    # dbt must find our package (dbt Python models import tradewh)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run_dbt(paths: Paths, args: list[str], progress: Callable[[str], None] = print,
            lock: bool = True) -> None:
    """`dbt <args>` on the project; streams its log lines to `progress`; raises DbtError."""
    cmd = [dbt_executable(), *args, "--project-dir", str(DBT_PROJECT_DIR),
           "--profiles-dir", str(DBT_PROJECT_DIR)]
    tail: list[str] = []

    def _run() -> int:
        with subprocess.Popen(cmd, env=dbt_env(paths), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, bufsize=1) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                line = line.rstrip()
                tail.append(line)
                del tail[:-40]
                progress(line)
            return proc.wait()

    if lock:
        with writer_lock(paths):
            code = _run()
    else:
        code = _run()
    if code != 0:
        raise DbtError(f"`dbt {' '.join(args)}` failed (exit {code}); last lines:\n" + "\n".join(tail[-15:]))
