"""Read the project's dbt seeds and the generator's own data files (read-only)."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from tradewh.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [dict(r) for r in csv.DictReader(f)]


@cache
def seed(name: str) -> tuple[dict[str, str], ...]:
    """Rows of dbt_project/seeds/<name>.csv as text."""
    return tuple(_read(SEEDS_DIR / f"{name}.csv"))


@cache
def data(name: str) -> tuple[dict[str, str], ...]:
    """Rows of synthetic/data/<name>.csv as text."""
    return tuple(_read(DATA_DIR / f"{name}.csv"))


def longest_prefix(code: str, table: dict[str, str]) -> str | None:
    """Value of the longest key of `table` that prefixes `code` (the seeds' matching rule)."""
    for n in range(len(code), 0, -1):
        hit = table.get(code[:n])
        if hit is not None:
            return hit
    return None
