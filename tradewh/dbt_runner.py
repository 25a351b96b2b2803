"""Run dbt on the project for a given set of paths.

dbt learns where things are from its command line, never from this process's environment:
a profile generated for the warehouse file (``profiles_dir``) and the landing and output
directories as dbt vars (``location_vars``). The same two pieces feed `run_dbt` (the CLI) and
the Dagster dbt assets, so a pipeline for one set of paths never leaks into another. Plain
`dbt` in dbt_project/ still works: profiles.yml and the sources fall back to environment
variables.

dbt is the only writer of the warehouse. Every dbt build holds an inter-process file lock
beside the warehouse (``writer_lock``) so two writers never overlap (DuckDB allows one).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from .settings import DBT_PROJECT_DIR, Paths

PROFILE = """# written by tradewh for {warehouse}
tradewh:
  target: local
  outputs:
    local:
      type: duckdb
      path: {path}
      threads: 1
"""


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


def profiles_dir(paths: Paths) -> Path:
    """A dbt profiles directory whose profile writes ``paths.warehouse`` (beside the warehouse,
    rewritten only when it differs)."""
    folder = paths.warehouse.parent / ".dbt-profiles" / paths.warehouse.name
    text = PROFILE.format(warehouse=paths.warehouse.name, path=json.dumps(str(paths.warehouse)))
    target = folder / "profiles.yml"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def location_vars(paths: Paths) -> dict[str, str]:
    """The dbt vars through which sources find the landed files and the estimates."""
    return {"tradewh_landing_dir": str(paths.landing_dir), "tradewh_output_dir": str(paths.output)}


def dbt_args(paths: Paths, extra_vars: dict | None = None) -> list[str]:
    """Profile and vars arguments of any dbt command on these paths."""
    return ["--profiles-dir", str(profiles_dir(paths)),
            "--vars", json.dumps({**location_vars(paths), **(extra_vars or {})}, sort_keys=True)]


def _pop_vars(args: list[str]) -> tuple[list[str], dict]:
    """``args`` without its `--vars VALUE` (or `--vars=VALUE`), and that value parsed."""
    import yaml

    rest, found = [], {}
    it = iter(args)
    for a in it:
        if a == "--vars" or a.startswith("--vars="):
            value = a.split("=", 1)[1] if "=" in a else next(it, "{}")
            found.update(yaml.safe_load(value) or {})
        else:
            rest.append(a)
    return rest, found


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    # dbt Python models import tradewh: put this interpreter's environment first
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run_dbt(paths: Paths, args: list[str], progress: Callable[[str], None] = print,
            lock: bool = True, extra_vars: dict | None = None) -> None:
    """`dbt <args>` on the project for these paths; streams its log lines to `progress`;
    raises DbtError with the last lines on failure. A `--vars` in ``args`` is merged with
    ``extra_vars`` and the location vars (dbt keeps only the last `--vars` it is given)."""
    args, given = _pop_vars(args)
    cmd = [dbt_executable(), *args, "--project-dir", str(DBT_PROJECT_DIR),
           *dbt_args(paths, {**given, **(extra_vars or {})})]
    tail: list[str] = []

    def _run() -> int:
        with subprocess.Popen(cmd, env=_child_env(), stdout=subprocess.PIPE,
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
