"""Spec parsing beyond regression columns: the descriptives, balance and figure table kinds,
and a column's ``truth`` mapping.

Kept apart from ``analysis.spec.parse`` so that each kind's fields are validated in one place and
the core spec module stays small. Every error names the spec file and table.
"""
from __future__ import annotations

import re
from typing import Any

from analysis.core.errors import SpecError
from analysis.spec.psm import parse_options
from analysis.spec.types import DESCRIPTIVE_STATS, TRUTH_CHECKS, TRUTH_ESTIMANDS, Table
from analysis.spec.validate import keys as _keys
from analysis.spec.validate import need as _need

BALANCE_STATS = ("treated_mean", "control_mean", "se", "t")     # the paper's four columns
PLOTS = {"group_means": {"plot", "y", "x", "group", "group_labels", "vline", "xlabel", "ylabel"},
         "coefficients": {"plot", "source", "term_pattern", "ref", "vline", "xlabel", "ylabel"}}


def parse_kind(t: dict, w: str, common: dict) -> Table:
    """A non-regression table; ``common`` holds id, kind, title, notes, digits."""
    return {"descriptives": _descriptives, "balance": _balance, "figure": _figure}[common["kind"]](t, w, common)


def _descriptives(t: dict, w: str, common: dict) -> Table:
    variables, stats = t.get("variables"), t.get("statistics", ["N", "mean", "sd", "p25", "p50", "p75"])
    _need(isinstance(variables, list) and variables, w, "'variables' must be a non-empty list")
    bad = [s for s in stats if s not in DESCRIPTIVE_STATS]
    _need(not bad, w, f"unknown statistics {bad}; allowed {list(DESCRIPTIVE_STATS)}")
    paper = t.get("paper") or {}
    for var, vals in paper.items():
        _need(var in variables, w, f"paper: {var!r} is not in 'variables'")
        _need(isinstance(vals, list) and len(vals) == len(stats), w,
              f"paper: {var!r} needs {len(stats)} values in the order {stats}")
    return Table(**common, sample=t.get("sample"), variables=[str(v) for v in variables],
                 statistics=list(stats), paper=paper)


def _balance(t: dict, w: str, common: dict) -> Table:
    """Table 4 style: options.psm (as the psm_did estimator), printed [treated, control, se, t]."""
    _keys(t, {"id", "kind", "title", "notes", "digits", "sample", "options", "paper"}, w)
    opts = t.get("options") or {}
    _need(isinstance(opts, dict) and set(opts) == {"psm"}, w, "options: must be {psm: {...}}")
    try:
        psm = parse_options(opts["psm"])
    except ValueError as e:
        raise SpecError(f"{w}: options: {e}") from e
    paper = t.get("paper") or {}
    for var, vals in paper.items():
        _need(var in psm.covariates, w, f"paper: {var!r} is not a psm covariate {list(psm.covariates)}")
        ok = isinstance(vals, dict) and set(vals) <= {"before", "after"}
        ok = ok and all(isinstance(v, list) and len(v) == 4 for v in vals.values())
        _need(ok, w, f"paper: {var!r} must be {{before: [treated, control, se, t], after: [...]}}")
    return Table(**common, sample=t.get("sample"), variables=list(psm.covariates),
                 statistics=list(BALANCE_STATS), paper=paper, options=dict(opts))


def _figure(t: dict, w: str, common: dict) -> Table:
    """A PNG under <out>/<study>/figures/: yearly group means (SQL) or estimated coefficients."""
    _keys(t, {"id", "kind", "title", "notes", "digits", "sample", "options"}, w)
    o = t.get("options") or {}
    _need(isinstance(o, dict) and o.get("plot") in PLOTS, w, f"options.plot: one of {sorted(PLOTS)}")
    _keys(o, PLOTS[o["plot"]], f"{w}: options")
    if o["plot"] == "group_means":
        for k in ("y", "x", "group"):
            _need(isinstance(o.get(k), str), w, f"options.{k}: a panel column is required")
    else:
        src = o.get("source")
        _need(isinstance(src, dict) and set(src) == {"table", "column"}, w,
              "options.source: {table: <regression table id>, column: <column name>}")
        pat = o.get("term_pattern")
        _need(isinstance(pat, str) and re.compile(pat).groups == 1, w,
              "options.term_pattern: a regex with one group capturing the x value, e.g. 'year::(\\d+):treat'")
        _need(t.get("sample") is None, w, "sample: a coefficients figure reads its source table's estimates")
    return Table(**common, sample=t.get("sample"), options=dict(o))


def check_sources(tables: list[Table], where: str) -> None:
    """Coefficient figures must name a regression table and column of the same study."""
    by_id = {t.id: t for t in tables}
    for t in tables:
        if t.kind == "figure" and t.options.get("plot") == "coefficients":
            src = t.options["source"]
            s = by_id.get(src["table"])
            ok = s is not None and s.kind == "regression" and src["column"] in [c.name for c in s.columns]
            _need(ok, f"{where}: table {t.id!r}", f"options.source: no regression column {src!r} in this spec")


def parse_truth(raw: Any, where: str) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """truth: {row: key} or {row: {key: ..., check: covers|sign|reference|auto, scale: <panel column>,
    estimand: planted|weighted_effect|planted_plus_effect}}.

    ``scale`` names a panel column s when the planted value is on another scale than the outcome
    (e.g. an effect on ln lambda and a min-max standardised quality index): the estimand is then
    the planted value times the coefficient of the row's term in the same regression of s x term
    (see ``analysis.runner.truth_scale_rows``). ``estimand`` says what the value is the estimand
    of (``TRUTH_ESTIMANDS``; computed from the study's ``planted_effects``, ``analysis.planted``)."""
    msg = ("truth: must map a row to a dotted key of truth.json (did: studies.x.att) or to "
           f"{{key: ..., check: {'|'.join(TRUTH_CHECKS)}, scale: <panel column>, "
           f"estimand: {'|'.join(TRUTH_ESTIMANDS)}}}")
    _need(isinstance(raw, dict), where, msg)
    keys, checks, scales, estimands = {}, {}, {}, {}
    for row, v in raw.items():
        if isinstance(v, dict):
            _need(set(v) <= {"key", "check", "scale", "estimand"} and isinstance(v.get("key"), str), where, msg)
            _need(v.get("check", "auto") in TRUTH_CHECKS, where, f"truth: {row}: check must be one of {TRUTH_CHECKS}")
            _need(v.get("scale") is None or (isinstance(v["scale"], str) and v["scale"].isidentifier()), where,
                  f"truth: {row}: scale must name a panel column")
            _need(v.get("estimand", "planted") in TRUTH_ESTIMANDS, where,
                  f"truth: {row}: estimand must be one of {TRUTH_ESTIMANDS}")
            _need(not (v.get("scale") and v.get("estimand", "planted") != "planted"), where,
                  f"truth: {row}: give scale or estimand, not both")
            keys[str(row)], checks[str(row)] = v["key"], v.get("check", "auto")
            if v.get("scale"):
                scales[str(row)] = v["scale"]
            if v.get("estimand", "planted") != "planted":
                estimands[str(row)] = v["estimand"]
        else:
            _need(isinstance(v, str), where, msg)
            keys[str(row)], checks[str(row)] = v, "auto"
    return keys, checks, scales, estimands
