"""Two assertions every spec parser uses; the message always starts with where it failed."""
from __future__ import annotations

from analysis.core.errors import SpecError


def need(ok: bool, where: str, msg: str) -> None:
    if not ok:
        raise SpecError(f"{where}: {msg}")


def keys(d: dict, allowed: set[str], where: str) -> None:
    bad = sorted(set(map(str, d)) - allowed)
    need(not bad, where, f"unknown field(s) {bad}; allowed: {sorted(allowed)}")
