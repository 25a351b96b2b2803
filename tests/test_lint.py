"""The linters are part of the suite: ruff on the Python packages, sqlfluff (dbt templater) on the
dbt models. Their configuration lives in pyproject.toml and .sqlfluff, with the reasons for every
excluded SQL rule."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    assert found, f"{name} is a dev dependency (pyproject.toml [dev]); install with pip install -e '.[dev]'"
    return found


def test_ruff_is_clean():
    out = subprocess.run([_tool("ruff"), "check", "--output-format", "concise", "."], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow  # the dbt templater compiles every model (about three minutes)
def test_sqlfluff_is_clean(tmp_path):
    # the dbt templater opens the profile's warehouse: point it at a scratch file, never the real one
    env = {**os.environ, "TRADEWH_WAREHOUSE": str(tmp_path / "lint.duckdb"),
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    # one process: sqlfluff's worker pool with the dbt templater was seen to hang on a loaded machine
    out = subprocess.run([_tool("sqlfluff"), "lint", "dbt_project/models", "--processes", "1",
                          "--format", "github-annotation-native"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, (out.stdout + out.stderr)[-20000:]
