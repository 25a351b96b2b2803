"""Our estimates beside the paper's printed numbers and the planted (synthetic) values.

A planted value is judged by its check (spec ``truth``): ``covers`` — our 95% CI contains it
(a planted 0 is a placebo: the CI must cover 0); ``sign`` — a planted "+"/"-" agrees when our
estimate has that sign and p < 0.05; ``reference`` — shown for context but not the estimand
(e.g. a split on estimated quality vs the planted split); ``auto`` picks covers for numbers and
sign for "+"/"-". Truth arrives as a dict from the caller; nothing here reads truth.json.

A truth's ``estimand`` (spec) says what the planted value is the estimand of: ``planted`` (the
value itself), ``weighted_effect`` (the column's own regression of the per-row planted effects,
``diag:planted_effect:<term>``; the truth.json value, a simple mean, is shown beside it) or
``planted_plus_effect`` (the value plus that regression's coefficient, for a placebo term) or
``planted_path`` (that regression's coefficient alone, for a planted coefficient that reaches the
outcome through a pipeline step; the structural value is shown beside it). Without the per-row
effects the cell cannot be judged.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.core.schema import MODEL_STATS, diag_term
from analysis.spec.types import Study, Table

COMPARE_COLUMNS = ["column", "term", "label", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high",
                   "paper_coef", "paper_se", "paper_stars", "truth_key", "truth_value", "covers", "sign_agrees",
                   "check", "truth_text", "estimand", "planted_value"]
SIGNS = {"+": 1.0, "-": -1.0, "−": -1.0}


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def truth_node(truth: dict | None, key: str) -> Any:
    """The raw value at a dotted key (``studies.x.att``), or None."""
    node: Any = truth
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def truth_value(truth: dict | None, key: str) -> float | None:
    """A numeric planted value at a dotted key (None for missing keys and sign-only truths)."""
    node = truth_node(truth, key)
    return float(node) if _finite(node) else None


def resolve_check(check: str, node: Any) -> str | None:
    """The effective check for a planted value, or None when it cannot be judged."""
    if node is None:
        return None
    is_sign = isinstance(node, str) and node in SIGNS
    if check == "reference":
        return "reference"
    if check == "auto":
        return "sign" if is_sign else "covers" if _finite(node) else None
    if check == "sign":
        return "sign" if is_sign or _finite(node) else None
    return "covers" if _finite(node) else None


def verdict(check: str | None, node: Any, b: float, p: float, lo: float, hi: float) -> bool | None:
    if check == "covers" and _finite(lo) and _finite(hi):
        return bool(lo <= float(node) <= hi)
    if check == "sign" and _finite(b) and _finite(p):
        s = SIGNS[node] if isinstance(node, str) else (float(node) > 0) - (float(node) < 0)
        return bool(s != 0 and b != 0 and math.copysign(1.0, b) == s and p < 0.05)
    return None


def compare_regression(table: Table, est: pd.DataFrame, truth: dict | None, labels=None) -> pd.DataFrame:
    """One row per column × table row (or stat row) that the paper prints or the spec maps to truth."""
    est = est[est["table_id"] == table.id]
    rows = []
    for col in table.columns:
        ours = est[est["column"] == col.name].set_index("term")
        if ours.empty:
            continue
        for row in [r for r in [*table.rows, *table.stat_rows] if r in col.paper or r in col.truth]:
            term = table.stat_rows[row].term if row in table.stat_rows else col.term(row)
            r = ours.loc[term] if term in ours.index else None

            def get(k, r=r):
                return float(r[k]) if r is not None else math.nan
            cell, key = col.paper.get(row), col.truth.get(row)
            node = truth_node(truth, key) if key else None
            text = None if node is None else str(node)
            planted = float(node) if _finite(node) else None
            estimand = col.truth_estimands.get(row, "planted") if key else None
            if key and row in col.truth_scales and _finite(node):
                node, text = scaled_truth(ours, col.term(row), float(node))
            elif key and estimand != "planted" and _finite(node):
                node, text = effect_estimand(ours, col.term(row), float(node), estimand)
            check = resolve_check(col.truth_checks.get(row, "auto"), node) if key else None
            b, p, lo, hi = get("estimate"), get("p_value"), get("conf_low"), get("conf_high")
            pc = cell.coef if cell else None
            sign = bool(math.copysign(1, b) == math.copysign(1, pc)) if _finite(b) and _finite(pc) and pc != 0 else None
            rows.append({"column": col.name, "term": row, "label": (labels or {}).get(row, row),
                         "estimate": b, "std_error": get("std_error"), "statistic": get("statistic"), "p_value": p,
                         "conf_low": lo, "conf_high": hi,
                         "paper_coef": pc, "paper_se": cell.se if cell else None,
                         "paper_stars": cell.stars if cell else None, "truth_key": key,
                         "truth_value": float(node) if _finite(node) else None,
                         "covers": verdict(check, node, b, p, lo, hi), "sign_agrees": sign, "check": check,
                         "truth_text": text, "estimand": estimand, "planted_value": planted})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def scaled_truth(ours: pd.DataFrame, term: str, planted: float) -> tuple[float | None, str]:
    """A planted value on another scale than the outcome (spec truth ``scale``): planted x the
    column's standardisation multiplier ``diag:truth_scale:<term>`` (None when it is missing)."""
    key = diag_term("truth_scale", term)
    mult = float(ours.loc[key, "estimate"]) if key in ours.index else math.nan
    if not math.isfinite(mult):
        return None, f"{planted:.4g} × (multiplier missing)"
    return planted * mult, f"{planted:.4g} × {mult:.4g}"


def effect_estimand(ours: pd.DataFrame, term: str, planted: float, estimand: str) -> tuple[float | None, str]:
    """The estimand of a cell from the column's regression of the planted effects (``estimand``
    weighted_effect, planted_plus_effect or planted_path; None when that regression is missing)."""
    key = diag_term("planted_effect", term)
    load = float(ours.loc[key, "estimate"]) if key in ours.index else math.nan
    if not math.isfinite(load):
        return None, f"{planted:.4g} (estimand missing: no per-row planted effects)"
    if estimand == "weighted_effect":
        return load, f"regression-weighted effect {load:.4g} (planted value {planted:.4g} beside it)"
    if estimand == "planted_path":
        return load, f"{load:.4g} through the pipeline (structural value {planted:.4g})"
    return planted + load, f"{planted:.4g} + {load:.4g} (planted + the effects' load on this term)"


def compare_stats(table: Table, est: pd.DataFrame) -> pd.DataFrame:
    """Ours vs printed model statistics (N, R², …) per column."""
    est = est[est["table_id"] == table.id]
    rows = []
    for col in table.columns:
        ours = est[est["column"] == col.name]
        for stat, paper in col.paper_stats.items():
            val = float(ours[MODEL_STATS[stat].key].iloc[0]) if len(ours) else math.nan
            rows.append({"column": col.name, "statistic": stat, "ours": val, "paper": paper})
    return pd.DataFrame(rows, columns=["column", "statistic", "ours", "paper"])


def compare_descriptives(table: Table, desc: pd.DataFrame) -> pd.DataFrame:
    desc = desc[desc["table_id"] == table.id]
    vals = {(r.variable, r.statistic): r.value for r in desc.itertuples()}
    rows = [{"variable": v, "statistic": s, "ours": vals.get((v, s), math.nan), "paper": p}
            for v, printed in table.paper.items() for s, p in zip(table.statistics, printed)]
    return pd.DataFrame(rows, columns=["variable", "statistic", "ours", "paper"])


def compare_balance(table: Table, desc: pd.DataFrame) -> pd.DataFrame:
    """Balance table: ours vs printed per covariate, phase (before/after) and statistic."""
    desc = desc[desc["table_id"] == table.id]
    vals = {(r.variable, r.statistic): r.value for r in desc.itertuples()}
    rows = [{"variable": v, "statistic": f"{s} {phase}", "ours": vals.get((v, f"{s}_{phase}"), math.nan), "paper": p}
            for v, printed in table.paper.items() for phase, ps in printed.items()
            for s, p in zip(table.statistics, ps)]
    return pd.DataFrame(rows, columns=["variable", "statistic", "ours", "paper"])


def headline(study: Study, est: pd.DataFrame, truth: dict | None) -> pd.DataFrame:
    """Every mapped planted value of the study: table, cell, estimate, CI, check and verdict."""
    parts = []
    for t in study.tables:
        if t.kind != "regression":
            continue
        cmp = compare_regression(t, est, truth, study.labels)
        cmp = cmp[cmp["truth_key"].notna()]
        if len(cmp):
            parts.append(cmp.assign(table_id=t.id))
    cols = ["table_id", *COMPARE_COLUMNS]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
