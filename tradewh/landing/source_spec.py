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
    # column -> other header spellings of the same column in some vintages (landed under `column`)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (first year, last year, encoding): vintages delivered in another encoding than `encoding`
    encoding_by_year: tuple[tuple[int, int, str], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    def encoding_for(self, year: int | None) -> str:
        """The encoding a file of `year` is expected in (the header check may overrule it)."""
        for first, last, enc in self.encoding_by_year:
            if year is not None and first <= year <= last:
                return enc
        return self.encoding

    def header_map(self, header: list[str]) -> dict[str, str]:
        """File column -> registered column, for the header spellings listed in `aliases`."""
        spelled = {alt: col for col, alts in self.aliases.items() for alt in alts}
        return {h: spelled.get(h, h) for h in header}
