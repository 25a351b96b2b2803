"""Study spec types: the validated form of ``analysis/studies/<id>.yml``.

A study declares the raw sources it needs, its panel (a dbt model) and its tables; a
regression table is a list of columns, each a formula, vcov, sample (SQL WHERE clause on
the panel) and estimator. A column's ``paper`` and ``truth`` are keyed by table *row*;
``row_terms`` says which estimated term a row shows in that column (default: the row itself),
e.g. a placebo term in the DID row. Parsing lives in ``analysis.spec.parse``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.core.errors import SpecError  # noqa: F401  (re-exported: the spec layer's error)
from analysis.core.formulas import ParsedFormula

DESCRIPTIVE_STATS = ("N", "mean", "sd", "p25", "p50", "p75", "min", "max")
VCOV_STRINGS = {"iid", "hetero", "HC1", "HC2", "HC3"}
VCOV_CLUSTER = {"CRV1", "CRV3"}
TABLE_KINDS = ("regression", "descriptives", "balance", "figure")
# how an estimate is judged against its planted value; auto: numeric → CI covers it, "+"/"-" → sign
TRUTH_CHECKS = ("auto", "covers", "sign", "reference")
# what a planted value is the estimand of (spec truth ``estimand``; analysis.planted):
#   planted               the truth.json value itself (default)
#   weighted_effect       the coefficient the column's own specification gives the per-row planted
#                         effects on its sample (under heterogeneous effects a two-way FE DID
#                         weights treated rows unequally); the truth.json value (a simple mean)
#                         is shown beside it
#   planted_plus_effect   the truth.json value plus what the planted effects load on this term
#                         in the same specification (a placebo term: 0 + that load)
#   planted_path          the coefficient the column's specification gives the outcome's planted
#                         part, for a planted coefficient that reaches the outcome through a
#                         pipeline step (paper 000's lnmfn: the tariff through the KSW first-stage
#                         residual); the truth.json (structural) value is shown beside it
TRUTH_ESTIMANDS = ("planted", "weighted_effect", "planted_plus_effect", "planted_path")


@dataclass(frozen=True)
class PaperCell:
    """A printed coefficient: value, standard error and stars (None when not printed)."""
    coef: float | None
    se: float | None = None
    stars: str | None = None


PAREN = ("se", "t")                   # what a regression table prints in parentheses under a coefficient


@dataclass(frozen=True)
class StatRow:
    """A row printed below N/R²: a registered ``diag:`` term of each column (value, stars from its
    p-value) and optionally a second term in brackets, e.g. a Stock–Yogo critical value."""
    term: str
    bracket: str | None = None
    digits: int | None = None          # None: the table's digits
    bracket_digits: int = 2
    stars: bool = True


@dataclass(frozen=True)
class Column:
    name: str
    formula: str                      # normalised (FE without spaces)
    parsed: ParsedFormula
    estimator: str = "ols"
    vcov: str | dict[str, str] = "iid"
    fixef_rm: str = "singleton"
    sample: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    paper: dict[str, PaperCell] = field(default_factory=dict)
    paper_stats: dict[str, float] = field(default_factory=dict)  # N, R2, ...
    truth: dict[str, str] = field(default_factory=dict)          # row -> dotted truth key
    note: str | None = None
    row_terms: dict[str, str] = field(default_factory=dict)      # row -> estimated term
    truth_checks: dict[str, str] = field(default_factory=dict)   # row -> one of TRUTH_CHECKS
    # row -> panel column: the planted value is on another scale than the outcome; the estimand is
    # truth x the same regression's coefficient on (scale x term) (analysis.runner.truth_scale_rows)
    truth_scales: dict[str, str] = field(default_factory=dict)
    truth_estimands: dict[str, str] = field(default_factory=dict)   # row -> one of TRUTH_ESTIMANDS

    def term(self, row: str) -> str:
        """The estimated term shown in ``row`` of this column."""
        return self.row_terms.get(row, row)

    @property
    def vcov_str(self) -> str:
        if isinstance(self.vcov, dict):
            (k, v), = self.vcov.items()
            return f"{k}:{v}"
        return str(self.vcov)

    @property
    def cluster_vars(self) -> list[str]:
        if isinstance(self.vcov, dict):
            return [c for c in next(iter(self.vcov.values())).split("+") if c]
        return []


@dataclass(frozen=True)
class Table:
    id: str
    kind: str                         # one of TABLE_KINDS
    title: str
    notes: list[str] = field(default_factory=list)
    digits: int = 3
    sample: str | None = None         # descriptives, balance and figure tables
    rows: list[str] = field(default_factory=list)
    fe_rows: dict[str, str] = field(default_factory=dict)
    indicator_rows: dict[str, list[str]] = field(default_factory=dict)
    stats: list[str] = field(default_factory=lambda: ["N", "R2"])
    columns: list[Column] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    statistics: list[str] = field(default_factory=list)
    paper: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)   # kind-specific (psm, plot settings)
    paren: str = "se"                                         # regression tables: "se" or "t" (PAREN)
    paren_digits: int | None = None                           # None: table digits for se, 2 for t
    stat_rows: dict[str, StatRow] = field(default_factory=dict)   # label -> diagnostic row below N/R²


@dataclass(frozen=True)
class SampleStep:
    label: str
    where: str
    paper: float | None = None


@dataclass(frozen=True)
class Study:
    study: str
    title: str
    paper: str
    panel: str
    tables: list[Table]
    sources: list[str] = field(default_factory=list)   # raw sources (landing registry names) it needs
    labels: dict[str, str] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    sample_steps: list[SampleStep] = field(default_factory=list)
    defaults: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    sha256: str = ""
    dbt_vars: str | None = None       # prefix of the dbt vars that shape the panel (report)
    planted_effects: str | None = None  # analysis.planted: how a synthetic universe's per-row effects map to outcomes

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(f"{self.path or self.study}: no table {table_id!r}")

    def where(self, table: Table, column: Column | None = None) -> str:
        """The place in the spec an error message names: file, table and column."""
        return f"{self.path or self.study}: table {table.id!r}" + (f", column {column.name!r}" if column else "")

    def label(self, term: str) -> str:
        return self.labels.get(term, "Constant" if term == "_cons" else term)
