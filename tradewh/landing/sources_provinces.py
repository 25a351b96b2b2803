"""Provincial raw sources: statistical-yearbook indicators and province x industry exports
(docs/data-sources.md, "Provincial yearbooks")."""
from __future__ import annotations

from .source_spec import RawSource

PROVINCE_SOURCES: tuple[RawSource, ...] = ()
