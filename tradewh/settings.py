"""Where things live: raw data, warehouse, outputs, reference files.

Every location is settable by flag (CLI) or environment variable; the defaults are
relative to the current directory so `make demo` works from the project root.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

ENV_RAW = "TRADEWH_RAW_DIR"
ENV_WAREHOUSE = "TRADEWH_WAREHOUSE"
ENV_OUTPUT = "TRADEWH_OUTPUT"
ENV_REFERENCE = "TRADEWH_REFERENCE_DIR"
ENV_LANDING = "TRADEWH_LANDING_DIR"

DEFAULTS = {
    ENV_RAW: "data/raw",
    ENV_WAREHOUSE: "data/tradewh.duckdb",
    ENV_OUTPUT: "output",
}


@dataclass(frozen=True)
class Paths:
    raw_dir: Path
    warehouse: Path
    output: Path
    reference_dir: Path | None
    landing_dir: Path

    @property
    def estimates_dir(self) -> Path:
        """Estimates land here as Parquet; dbt loads them into the `estimates` table."""
        return self.output / "estimates"

    def env(self) -> dict[str, str]:
        """These paths as environment variables, for a child process that resolves its own
        paths (`tradewh ui` starts Dagster's webserver this way)."""
        env = {
            ENV_RAW: str(self.raw_dir),
            ENV_WAREHOUSE: str(self.warehouse),
            ENV_OUTPUT: str(self.output),
            ENV_LANDING: str(self.landing_dir),
        }
        if self.reference_dir is not None:
            env[ENV_REFERENCE] = str(self.reference_dir)
        return env

    def with_overrides(self, **kw) -> Paths:
        return replace(self, **kw)


def _abs(p: str | os.PathLike) -> Path:
    return Path(p).expanduser().resolve()


def resolve_paths(
    raw_dir: str | os.PathLike | None = None,
    warehouse: str | os.PathLike | None = None,
    output: str | os.PathLike | None = None,
    reference_dir: str | os.PathLike | None = None,
    landing_dir: str | os.PathLike | None = None,
) -> Paths:
    """Flag value, else environment variable, else default."""
    raw = _abs(raw_dir or os.environ.get(ENV_RAW) or DEFAULTS[ENV_RAW])
    wh = _abs(warehouse or os.environ.get(ENV_WAREHOUSE) or DEFAULTS[ENV_WAREHOUSE])
    out = _abs(output or os.environ.get(ENV_OUTPUT) or DEFAULTS[ENV_OUTPUT])
    ref = reference_dir or os.environ.get(ENV_REFERENCE)
    land = landing_dir or os.environ.get(ENV_LANDING) or (wh.parent / "landing")
    return Paths(raw_dir=raw, warehouse=wh, output=out,
                 reference_dir=_abs(ref) if ref else None, landing_dir=_abs(land))


def dbt_target_dir() -> Path:
    """dbt's target directory (manifest, run results): DBT_TARGET_PATH if set, so concurrent
    checkouts or test sessions can parse and build without sharing one target/."""
    target = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    return target if target.is_absolute() else DBT_PROJECT_DIR / target


def dbt_vars() -> dict:
    """The project's dbt vars (dbt_project.yml): the one place method choices are set."""
    import yaml

    with open(DBT_PROJECT_DIR / "dbt_project.yml", encoding="utf-8") as f:
        return yaml.safe_load(f).get("vars", {})
