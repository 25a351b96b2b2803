"""Replication report per study: <out_dir>/<study>/report.{md,html}.

Per table: the rendered table and a comparison with the paper (our estimate, SE, p, 95% CI;
the printed value; the planted value from truth.json when the spec maps the term and the
caller passed truth; whether our CI covers it; sign agreement). Also the paper-silent
choices and the sample-step counts. This module never reads truth.json: callers pass a dict.
"""
from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.specs import Study, Table
from analysis.tables import Grid, html_page, table_grid, to_html, to_markdown

COMPARE_COLUMNS = ["column", "term", "label", "estimate", "std_error", "p_value", "conf_low", "conf_high",
                   "paper_coef", "paper_se", "paper_stars", "truth_key", "truth_value", "covers", "sign_agrees"]


def truth_value(truth: dict | None, key: str) -> float | None:
    """Follow a dotted key (``studies.ai_policy_quality.att``) into the truth dict."""
    node: Any = truth
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def compare_regression(table: Table, est: pd.DataFrame, truth: dict | None, labels=None) -> pd.DataFrame:
    """One row per column × term the paper prints or the spec maps to truth."""
    est = est[est["table_id"] == table.id]
    rows = []
    for col in table.columns:
        ours = est[est["column"] == col.name].set_index("term")
        if ours.empty:
            continue
        terms = [t for t in table.rows if t in col.paper or t in col.truth]
        terms += [t for t in [*col.paper, *col.truth] if t not in terms]
        for term in dict.fromkeys(terms):
            r = ours.loc[term] if term in ours.index else None
            get = (lambda k: float(r[k])) if r is not None else (lambda k: math.nan)
            cell = col.paper.get(term)
            key = col.truth.get(term)
            tv = truth_value(truth, key) if key else None
            lo, hi, b = get("conf_low"), get("conf_high"), get("estimate")
            covers = bool(lo <= tv <= hi) if _finite(tv) and _finite(lo) and _finite(hi) else None
            pc = cell.coef if cell else None
            sign = bool(math.copysign(1, b) == math.copysign(1, pc)) if _finite(b) and _finite(pc) and pc != 0 else None
            rows.append({"column": col.name, "term": term, "label": (labels or {}).get(term, term),
                         "estimate": b, "std_error": get("std_error"), "p_value": get("p_value"),
                         "conf_low": lo, "conf_high": hi, "paper_coef": pc,
                         "paper_se": cell.se if cell else None, "paper_stars": cell.stars if cell else None,
                         "truth_key": key, "truth_value": tv, "covers": covers, "sign_agrees": sign})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def compare_stats(table: Table, est: pd.DataFrame) -> pd.DataFrame:
    """Ours vs printed model statistics (N, R², …) per column."""
    from analysis.specs import MODEL_STATS
    est = est[est["table_id"] == table.id]
    rows = []
    for col in table.columns:
        ours = est[est["column"] == col.name]
        for stat, paper in col.paper_stats.items():
            val = float(ours[MODEL_STATS[stat]].iloc[0]) if len(ours) else math.nan
            rows.append({"column": col.name, "statistic": stat, "ours": val, "paper": paper})
    return pd.DataFrame(rows, columns=["column", "statistic", "ours", "paper"])


def compare_descriptives(table: Table, desc: pd.DataFrame) -> pd.DataFrame:
    desc = desc[desc["table_id"] == table.id]
    vals = {(r.variable, r.statistic): r.value for r in desc.itertuples()}
    rows = [{"variable": v, "statistic": s, "ours": vals.get((v, s), math.nan), "paper": p}
            for v, printed in table.paper.items() for s, p in zip(table.statistics, printed)]
    return pd.DataFrame(rows, columns=["variable", "statistic", "ours", "paper"])


def g4(x) -> str:
    return f"{x:.4g}" if _finite(x) else "—"


def _yn(x) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else ("yes" if x else "NO")


def _pval(p) -> str:
    return "—" if not _finite(p) else "<0.001" if p < 0.001 else f"{p:.3f}"


def _text(x) -> str:
    return x if isinstance(x, str) else ""


def _compare_grid(cmp: pd.DataFrame, truth_given: bool) -> Grid:
    rows = []
    for r in cmp.itertuples():
        paper = "—" if not _finite(r.paper_coef) else (
            g4(r.paper_coef) + _text(r.paper_stars) + (f" ({g4(r.paper_se)})" if _finite(r.paper_se) else ""))
        planted = "—" if not _text(r.truth_key) else (g4(r.truth_value) if _finite(r.truth_value)
                                              else ("missing in truth" if truth_given else "no truth given"))
        rows.append([r.column, r.label, f"{g4(r.estimate)} ({g4(r.std_error)})", _pval(r.p_value),
                     f"[{g4(r.conf_low)}, {g4(r.conf_high)}]", paper, planted, _yn(r.covers), _yn(r.sign_agrees)])
    return Grid("Comparison with the paper", ["Column", "Term", "Ours (SE)", "p", "95% CI", "Paper (SE)",
                                              "Planted", "CI covers planted", "Sign as paper"], rows, [0])


def _values_grid(title: str, cmp: pd.DataFrame, keys: list[str]) -> Grid:
    rows = []
    for r in cmp.to_dict("records"):
        fmt = (lambda x: f"{x:,.0f}" if _finite(x) else "—") if r["statistic"] == "N" else g4
        diff = r["ours"] - r["paper"] if _finite(r["ours"]) and _finite(r["paper"]) else math.nan
        rows.append([*[str(r[k]) for k in keys], fmt(r["ours"]), fmt(r["paper"]), fmt(diff)])
    return Grid(title, [*keys, "Ours", "Paper", "Ours − paper"], rows, [0])


def build_blocks(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, *, truth: dict | None,
                 sample_counts: list[dict], source: str | None, run_time: str) -> list[tuple[str, Any]]:
    """The report as a list of (kind, content) blocks: h1/h2/h3/p/ul/grid."""
    b: list[tuple[str, Any]] = [("h1", f"Replication report — {study.study}"), ("p", study.title)]
    b.append(("ul", [f"Paper: {study.paper}", f"Panel: {study.panel}", f"Data source: {source or 'not given'}",
                     f"truth.json: {'present (planted values shown)' if truth is not None else 'absent'}",
                     f"Run: {run_time}", f"Spec: {study.path} (sha256 {study.sha256[:12]})"]))
    if sample_counts:
        rows = [[s["label"], s["where"], f"{s['n']:,}", f"{s['paper']:,.0f}" if _finite(s.get("paper")) else "—"]
                for s in sample_counts]
        b += [("h2", "Sample"), ("grid", Grid("Sample steps (rows of the panel)", ["Step", "WHERE", "N", "Paper N"],
                                              rows, [0]))]
    if study.choices:
        b += [("h2", "Choices taken where the paper is silent"), ("ul", list(study.choices))]
    for table in study.tables:
        g = table_grid(study, table, estimates, descriptives)
        if g is None:
            continue
        b += [("h2", table.title), ("grid", g)]
        if table.kind == "descriptives":
            if table.paper:
                b.append(("grid", _values_grid("Comparison with the paper", compare_descriptives(table, descriptives),
                                               ["variable", "statistic"])))
            continue
        cmp = compare_regression(table, estimates, truth, study.labels)
        if len(cmp):
            b.append(("grid", _compare_grid(cmp, truth is not None)))
            n_cov = cmp["covers"].dropna()
            if len(n_cov):
                b.append(("p", f"Planted value covered by our 95% CI in {int(n_cov.sum())} of {len(n_cov)} cases."))
        stats = compare_stats(table, estimates)
        if len(stats):
            b.append(("grid", _values_grid("Model statistics", stats, ["column", "statistic"])))
    return b


def blocks_markdown(blocks) -> str:
    out = []
    for kind, c in blocks:
        if kind in ("h1", "h2", "h3"):
            out += ["#" * int(kind[1]) + " " + c, ""]
        elif kind == "p":
            out += [c, ""]
        elif kind == "ul":
            out += [f"- {x}" for x in c] + [""]
        elif kind == "grid":
            out += [to_markdown(c)]
    return "\n".join(out)


def blocks_html(blocks) -> str:
    e, out = html.escape, []
    for kind, c in blocks:
        if kind in ("h1", "h2", "h3"):
            out.append(f"<{kind}>{e(c)}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{e(c)}</p>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in c) + "</ul>")
        elif kind == "grid":
            out.append(to_html(c))
    return "\n".join(out) + "\n"


def write_report(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, out_dir: Path, *,
                 truth: dict | None, sample_counts: list[dict], source: str | None, run_time: str) -> dict[str, Path]:
    blocks = build_blocks(study, estimates, descriptives, truth=truth, sample_counts=sample_counts,
                          source=source, run_time=run_time)
    d = Path(out_dir) / study.study
    d.mkdir(parents=True, exist_ok=True)
    md, page = d / "report.md", d / "report.html"
    md.write_text(blocks_markdown(blocks), encoding="utf-8")
    page.write_text(html_page(f"Replication report — {study.study}", blocks_html(blocks)), encoding="utf-8")
    return {"report_md": md, "report_html": page}
