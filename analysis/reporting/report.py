"""Replication report per study: <out_dir>/<study>/report.{md,html}, one page.

Top: a Headline with every planted value the spec maps (estimate, 95% CI, check, verdict).
Then the sample at each filter step (panel rows, PSM matching), the dbt vars that shape the
panel, the choices taken where the paper is silent, and every table and figure with its
comparison: our estimate, the printed value, the planted value and whether they agree
(see ``analysis.reporting.compare``). This module never reads truth.json: callers pass a dict.
"""
from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.reporting.compare import (
    compare_balance,
    compare_descriptives,
    compare_regression,
    compare_stats,
    headline,
)
from analysis.reporting.grids import Grid, html_page, to_html, to_markdown
from analysis.reporting.render import table_grid
from analysis.spec.types import Study

PSM_STEPS = {"n_rows": "rows with every covariate (logit sample)", "n_treated": "… treated",
             "n_control": "… control",
             "n_treated_on_support": "treated on common support, with a control in the bandwidth",
             "n_control_on_support": "control on common support",
             "n_treated_matched": "treated in the matched sample (weight 1)",
             "n_control_matched": "control in the matched sample (kernel weight > 0)"}
VERDICT = {("covers", True): "yes", ("covers", False): "NO", ("sign", True): "yes", ("sign", False): "NO"}


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def g4(x) -> str:
    return f"{x:.4g}" if _finite(x) else "—"


def _yn(x) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else ("yes" if x else "NO")


def _pval(p) -> str:
    return "—" if not _finite(p) else "<0.001" if p < 0.001 else f"{p:.3f}"


def _text(x) -> str:
    return x if isinstance(x, str) else ""


def _planted(r, truth_given: bool) -> str:
    if not _text(r.truth_key):
        return "—"
    if r.truth_text is None or (isinstance(r.truth_text, float) and math.isnan(r.truth_text)):
        return "missing in truth" if truth_given else "no truth given"
    shown = g4(r.truth_value) if _finite(r.truth_value) else str(r.truth_text)
    if _finite(r.truth_value) and "×" in str(r.truth_text):     # a planted value through the outcome's scale
        shown += f" (= {r.truth_text})"
    elif _text(getattr(r, "estimand", None)) not in ("", "planted"):   # the specification's own estimand
        shown = f"{shown} ({r.truth_text})" if _finite(r.truth_value) else str(r.truth_text)
    return shown + (" (reference)" if r.check == "reference" else "")


def _check_text(r) -> str:
    if r.check == "covers":
        if _text(getattr(r, "estimand", None)) not in ("", "planted"):
            return "CI covers the estimand"
        return "CI covers 0" if r.truth_value == 0 else "CI covers planted"
    return {"sign": "sign, p < 0.05", "reference": "not the estimand"}.get(r.check, "—")


def _compare_grid(cmp: pd.DataFrame, truth_given: bool, paren: str = "se") -> Grid:
    """With ``paren: t`` the paper's second number is a t-statistic, and ours is shown as one too."""
    rows = []
    for r in cmp.itertuples():
        paper = "—" if not _finite(r.paper_coef) else (
            g4(r.paper_coef) + _text(r.paper_stars) + (f" ({g4(r.paper_se)})" if _finite(r.paper_se) else ""))
        below = r.statistic if paren == "t" else r.std_error
        rows.append([r.column, r.label, f"{g4(r.estimate)} ({g4(below)})", _pval(r.p_value),
                     f"[{g4(r.conf_low)}, {g4(r.conf_high)}]", paper, _planted(r, truth_given), _yn(r.covers),
                     _yn(r.sign_agrees)])
    what = "t" if paren == "t" else "SE"
    return Grid("Comparison with the paper", ["Column", "Term", f"Ours ({what})", "p", "95% CI", f"Paper ({what})",
                                              "Planted", "Agrees with planted", "Sign as paper"], rows, [0])


def _recovered(r) -> str:
    if r.check == "reference":
        return "(shown only)"
    if not _finite(r.estimate):
        return "not estimated"
    return VERDICT.get((r.check, r.covers), "—")


def _headline_blocks(study: Study, estimates: pd.DataFrame, truth: dict | None) -> list[tuple[str, Any]]:
    h = headline(study, estimates, truth)
    if h.empty:
        return []
    if truth is None:
        return [("h2", "Headline: planted values"),
                ("p", f"{len(h)} planted values are mapped, but no truth.json was given.")]
    rows = [[r.table_id, r.column, r.label, f"{g4(r.estimate)} ({g4(r.std_error)})",
             f"[{g4(r.conf_low)}, {g4(r.conf_high)}]", _planted(r, True), _check_text(r), _recovered(r)]
            for r in h.itertuples()]
    judged = h[h["check"].isin(["covers", "sign"]) & h["covers"].notna()]
    ok, n_ref = int((judged["covers"] == True).sum()), int((h["check"] == "reference").sum())  # noqa: E712
    text = (f"{ok} of {len(judged)} planted values recovered (95% CI covers the value, or the planted sign holds "
            f"with p < 0.05); {n_ref} shown for reference only (not the estimand of that cell)")
    n_na = int((h["check"].isin(["covers", "sign"]) & h["covers"].isna()).sum())
    text += f"; {n_na} not estimated (term dropped or no truth value)." if n_na else "."
    return [("h2", "Headline: planted values"), ("p", text),
            ("grid", Grid("Planted values", ["Table", "Column", "Term", "Estimate (SE)", "95% CI", "Planted",
                                             "Check", "Recovered"], rows, [0]))]


def _values_grid(title: str, cmp: pd.DataFrame, keys: list[str]) -> Grid:
    rows = []
    for r in cmp.to_dict("records"):
        fmt = (lambda x: f"{x:,.0f}" if _finite(x) else "—") if r["statistic"] == "N" else g4
        diff = r["ours"] - r["paper"] if _finite(r["ours"]) and _finite(r["paper"]) else math.nan
        rows.append([*[str(r[k]) for k in keys], fmt(r["ours"]), fmt(r["paper"]), fmt(diff)])
    return Grid(title, [*keys, "Ours", "Paper", "Ours − paper"], rows, [0])


def _sample_blocks(study: Study, descriptives: pd.DataFrame, sample_counts: list[dict]) -> list[tuple[str, Any]]:
    b: list[tuple[str, Any]] = []
    if sample_counts:
        rows = [[s["label"], s["where"], f"{s['n']:,}", f"{s['paper']:,.0f}" if _finite(s.get("paper")) else "—"]
                for s in sample_counts]
        b.append(("grid", Grid("Sample steps (rows of the panel)", ["Step", "WHERE", "N", "Paper N"], rows, [0])))
    for t in (t for t in study.tables if t.kind == "balance"):
        d = descriptives[(descriptives["table_id"] == t.id) & (descriptives["variable"] == "_sample")]
        if len(d):
            v = dict(zip(d["statistic"], d["value"]))
            rows = [[PSM_STEPS.get(k, k), f"{v[k]:,.0f}"] for k in v]
            b.append(("grid", Grid(f"Propensity-score matching ({t.id}, sample: {t.sample or 'all rows'})",
                                   ["Step", "Rows"], rows, [0])))
    return [("h2", "Sample"), *b] if b else []


def build_blocks(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, *, truth: dict | None,
                 sample_counts: list[dict], source: str | None, run_time: str,
                 dbt_vars: dict | None = None) -> list[tuple[str, Any]]:
    """The report as a list of (kind, content) blocks: h1/h2/h3/p/ul/grid/img."""
    b: list[tuple[str, Any]] = [("h1", f"Replication report — {study.study}"), ("p", study.title)]
    b.append(("ul", [f"Paper: {study.paper}", f"Panel: {study.panel}", f"Data source: {source or 'not given'}",
                     f"truth.json: {'present (planted values shown)' if truth is not None else 'absent'}",
                     f"Run: {run_time}", f"Spec: {study.path} (sha256 {study.sha256[:12]})"]))
    b += _headline_blocks(study, estimates, truth)
    b += _sample_blocks(study, descriptives, sample_counts)
    if dbt_vars:
        b += [("h2", f"dbt vars that shape the panel ({study.dbt_vars}*)"),
              ("grid", Grid("As set in dbt_project.yml (a build with --vars overrides is not reflected here)",
                            ["Var", "Value"], [[k, str(v)] for k, v in dbt_vars.items()], [0]))]
    if study.choices:
        b += [("h2", "Choices taken where the paper is silent"), ("ul", list(study.choices))]
    for table in study.tables:
        g = table_grid(study, table, estimates, descriptives)
        if g is None:
            continue
        b.append(("h2", table.title))
        if table.kind == "figure":
            b.append(("img", (f"figures/{table.id}.png", table.title)))
        b.append(("grid", g))
        if table.kind in ("descriptives", "balance"):
            if table.paper:
                cmp = (compare_descriptives if table.kind == "descriptives" else compare_balance)(table, descriptives)
                b.append(("grid", _values_grid("Comparison with the paper", cmp, ["variable", "statistic"])))
            continue
        if table.kind == "figure":
            continue
        cmp = compare_regression(table, estimates, truth, study.labels)
        if len(cmp):
            b.append(("grid", _compare_grid(cmp, truth is not None, table.paren)))
            for check, what in (("covers", "Planted value covered by our 95% CI"),
                                ("sign", "Planted sign recovered (same sign, p < 0.05)")):
                n = cmp.loc[cmp["check"] == check, "covers"].dropna()
                if len(n):
                    b.append(("p", f"{what} in {int(n.sum())} of {len(n)} cases."))
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
        elif kind == "img":
            out += [f"![{c[1]}]({c[0]})", ""]
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
        elif kind == "img":
            out.append(f'<p><img src="{e(c[0])}" alt="{e(c[1])}" style="max-width:100%"></p>')
    return "\n".join(out) + "\n"


def write_report(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, out_dir: Path, *,
                 truth: dict | None, sample_counts: list[dict], source: str | None, run_time: str,
                 dbt_vars: dict | None = None) -> dict[str, Path]:
    blocks = build_blocks(study, estimates, descriptives, truth=truth, sample_counts=sample_counts,
                          source=source, run_time=run_time, dbt_vars=dbt_vars)
    d = Path(out_dir) / study.study
    d.mkdir(parents=True, exist_ok=True)
    md, page = d / "report.md", d / "report.html"
    md.write_text(blocks_markdown(blocks), encoding="utf-8")
    page.write_text(html_page(f"Replication report — {study.study}", blocks_html(blocks)), encoding="utf-8")
    return {"report_md": md, "report_html": page}
