"""Firm-level raw sources: customs transactions, industrial-firm survey, patents, web presence,
business registries (docs/data-sources.md, "Firm-level sources")."""
from __future__ import annotations

from .source_spec import RawSource

FIRM_SOURCES: tuple[RawSource, ...] = ()
