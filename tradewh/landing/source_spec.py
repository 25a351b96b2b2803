"""What a raw source is: where its files live in the raw directory and what they must contain."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawSource:
    name: str                       # landing folder and dbt source table name
    patterns: tuple[str, ...]       # globs relative to the raw directory
    required: tuple[str, ...]       # columns every file must have (after trimming)
    optional: tuple[str, ...] = ()  # columns that may be absent in some vintages (filled NULL)
    encoding: str = "utf-8"         # "utf-8" or "gb18030" (transcoded before parsing)
    studies: tuple[str, ...] = ()   # studies that cannot run without this source
    description: str = ""
    year_from_name: str | None = None  # regex with one group: the year encoded in the file name
    extra: dict = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional
