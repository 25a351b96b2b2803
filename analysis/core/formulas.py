"""Parse pyfixest formula strings: dependent variable, regressors, fixed effects, IV part.

Formulas follow pyfixest: ``y ~ x1 + x2 | fe1+fe2`` or ``y ~ x | fe | endog ~ z``.
Fixed effects are normalised to no spaces (``hs6^importer+year``) because pyfixest's
``etable`` misses FE written with spaces (notes/stack_facts.md §2.4).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_IDENT = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)(?![\w(])(?!\s*[=(.])")
_RESERVED = {"True", "False", "None", "np", "C", "I", "i", "log"}


@dataclass(frozen=True)
class ParsedFormula:
    formula: str           # normalised formula (FE part without spaces)
    depvar: str
    rhs: str
    fixef: tuple[str, ...]  # FE terms, e.g. ("hs6^importer", "year"); () without FE
    iv: str | None          # "endog ~ z" or None

    @property
    def fixef_str(self) -> str | None:
        return "+".join(self.fixef) if self.fixef else None

    def variables(self) -> list[str]:
        """Every identifier that may be a data column (FE parts split on ^ and :)."""
        names: list[str] = []
        for part in (self.depvar, self.rhs, self.iv or ""):
            names += identifiers(part)
        for fe in self.fixef:
            names += [p for p in re.split(r"[\^:]", fe) if p]
        return list(dict.fromkeys(names))


def identifiers(expr: str) -> list[str]:
    """Bare names in a formula part; skips function names, keyword args and literals."""
    return list(dict.fromkeys(m for m in _IDENT.findall(expr) if m not in _RESERVED))


def fe_key(term: str) -> str:
    """Order-free key of an FE term: ``importer^hs6`` == ``hs6^importer``."""
    return "^".join(sorted(term.replace(" ", "").split("^")))


def parse_formula(formula: str) -> ParsedFormula:
    """Split a pyfixest formula; raise ValueError on a malformed one."""
    if not isinstance(formula, str) or "~" not in formula:
        raise ValueError(f"formula must look like 'y ~ x | fe', got {formula!r}")
    parts = [p.strip() for p in formula.split("|")]
    if len(parts) > 3:
        raise ValueError(f"formula has more than three '|' parts: {formula!r}")
    lhs, _, rhs = parts[0].partition("~")
    depvar, rhs = lhs.strip(), rhs.strip()
    if not depvar or not rhs:
        raise ValueError(f"formula needs a dependent variable and a right-hand side: {formula!r}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", depvar):
        raise ValueError(f"dependent variable must be one column name, got {depvar!r}")
    fe_part, iv = None, None
    for extra in parts[1:]:
        if "~" in extra:
            iv = extra
        elif fe_part is None:
            fe_part = re.sub(r"\s+", "", extra)
        else:
            raise ValueError(f"formula has two fixed-effects parts: {formula!r}")
    fixef = tuple(t for t in (fe_part or "").split("+") if t and t != "0")
    norm = f"{depvar} ~ {rhs}"
    if fixef:
        norm += " | " + "+".join(fixef)
    if iv:
        norm += " | " + iv
    return ParsedFormula(norm, depvar, rhs, fixef, iv)
