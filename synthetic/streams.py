"""Independent, named random streams.

Every component draws from its own `Generator`, derived from the run seed with
`SeedSequence(seed, spawn_key=...)` -- the mechanism behind `SeedSequence.spawn` -- but keyed
by a stable name instead of a spawn counter. Adding a component (e.g. the firm-level sources)
or drawing more numbers in one component therefore never shifts another component's stream.
"""
from __future__ import annotations

import zlib

import numpy as np


def _key(part: object) -> int:
    return zlib.crc32(str(part).encode("utf-8"))


def rng(seed: int, *names: object) -> np.random.Generator:
    """Generator for component `names` (e.g. rng(42, "baci", "CHN", 2015))."""
    seq = np.random.SeedSequence(int(seed), spawn_key=tuple(_key(n) for n in names))
    return np.random.default_rng(seq)
