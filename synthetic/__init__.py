"""Synthetic raw-data universe with planted truth (a data source like any other).

`generate(scale, seed, out)` writes the raw files in the real formats of docs/data-sources.md
plus `truth.json`. Macro sources (BACI, WDI, WITS tariffs, IFR) live in `synthetic.macro`;
firm-level sources can be added beside them as `synthetic.micro` and called from
`synthetic.generate`.
"""
from synthetic.generate import generate

__all__ = ["generate"]
