"""Lay tables out in the paper's layout as a ``Grid`` and serialise it as Markdown, LaTeX
(booktabs) and standalone HTML.

A table is first laid out as a ``Grid`` (header, rows of strings, rule positions, notes);
the three writers only serialise the grid, so the formats always agree. Figure grids are in
``analysis.reporting.figures``; ``analysis.reporting.render`` picks the grid of each table.
Regression tables: coefficient row then (SE) row per term — or (t) with ``paren: t`` — stars
*** p<0.01, ** p<0.05, * p<0.1; indicator rows YES/NO (terms in the column's formula); FE rows
YES/NO from each column's estimated FE; N; R²; then the table's ``stat_rows``: a ``diag:`` term of
each column (value with stars from its p-value, optionally `` [bracket term]``). A column's
``row_terms`` decides which estimated term a row shows.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.core.formulas import fe_key, identifiers
from analysis.core.schema import COUNT_STATS, DIAGNOSTICS, MODEL_STATS, diag_name
from analysis.spec.types import Study, Table

CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;
color:#222;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}
caption{font-weight:600;text-align:left;padding-bottom:.4rem}th,td{padding:.15rem .7rem;text-align:center}
td:first-child,th:first-child{text-align:left}thead tr{border-top:2px solid #222;border-bottom:1px solid #222}
tbody tr:last-child{border-bottom:2px solid #222}tr.rule{border-top:1px solid #888}
p.note{font-size:.85rem;color:#555;margin:.2rem 0}code{background:#f3f3f3;padding:0 .2rem}"""


@dataclass
class Grid:
    title: str
    header: list[str]
    rows: list[list[str]]
    rules: list[int] = field(default_factory=list)   # row indices with a rule above
    notes: list[str] = field(default_factory=list)


def stars(p: float) -> str:
    if p is None or not math.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    return f"{x:.{digits}f}"


def fmt_int(x: float | None) -> str:
    return "" if x is None or not math.isfinite(float(x)) else f"{int(round(float(x))):,}"


def regression_grid(study: Study, table: Table, est: pd.DataFrame) -> Grid:
    """Lay out one regression table from the estimates rows of that table."""
    est = est[est["table_id"] == table.id]
    cols = [c.name for c in table.columns if c.name in set(est["column"])]
    spec_col = {c.name: c for c in table.columns}
    by_col = {c: est[est["column"] == c].set_index("term") for c in cols}
    d = table.digits
    paren_t = table.paren == "t"
    pd_ = table.paren_digits if table.paren_digits is not None else (2 if paren_t else d)
    rows, rules = [], [0]
    depvars = {c: str(by_col[c]["depvar"].iloc[0]) for c in cols}
    if len(set(depvars.values())) > 1:
        rows.append(["Dependent variable", *[depvars[c] for c in cols]])
        rules.append(1)
    for term in table.rows:
        coef, se = [study.label(term)], [""]
        for c in cols:
            shown = spec_col[c].term(term)
            r = by_col[c].loc[shown] if shown in by_col[c].index else None
            coef.append("" if r is None else fmt(r["estimate"], d) + stars(r["p_value"]))
            below = None if r is None else r["statistic"] if paren_t else r["std_error"]
            se.append("" if below is None or not math.isfinite(below) else f"({fmt(below, pd_)})")
        rows += [coef, se]
    first = True
    for label, terms in table.indicator_rows.items():
        rules += [len(rows)] if first else []
        first = False
        # from the formula, so a control dropped as collinear in one sample still reads YES
        rows.append([label, *["YES" if set(terms) <= set(identifiers(spec_col[c].parsed.rhs)) else "NO"
                              for c in cols]])
    for label, fe in table.fe_rows.items():
        rules += [len(rows)] if first else []
        first = False
        rows.append([label, *["YES" if fe_key(fe) in _fe_keys(by_col[c]) else "NO" for c in cols]])
    rules.append(len(rows))
    for s in table.stats:
        stat = MODEL_STATS[s]
        vals = [by_col[c][stat.key].iloc[0] for c in cols]
        rows.append([stat.label, *[fmt_int(v) if stat.key in COUNT_STATS else fmt(v, d) for v in vals]])
    for label, sr in table.stat_rows.items():
        rows.append([label, *[_stat_cell(by_col[c], sr, d) for c in cols]])
    vc = sorted({str(by_col[c]["vcov"].iloc[0]) for c in cols})
    notes = [f"{'t-statistics' if paren_t else 'Standard errors'} in parentheses "
             f"({', '.join(_vcov_text(v) for v in vc)}). *** p<0.01, ** p<0.05, * p<0.1."]
    brackets = list(dict.fromkeys(sr.bracket for sr in table.stat_rows.values() if sr.bracket))
    if brackets:
        notes.append("In brackets: " + "; ".join(DIAGNOSTICS[diag_name(b)] for b in brackets) + ".")
    if len(set(depvars.values())) == 1:
        notes.insert(0, f"Dependent variable: {next(iter(depvars.values()))}.")
    return Grid(table.title, ["", *cols], rows, sorted(set(rules)), notes + list(table.notes))


def _stat_cell(rows: pd.DataFrame, sr, digits: int) -> str:
    """One column's cell of a stat row: value, stars from its p-value, `` [bracket]``."""
    if sr.term not in rows.index:
        return ""
    r = rows.loc[sr.term]
    cell = fmt(r["estimate"], sr.digits if sr.digits is not None else digits)
    if cell and sr.stars:
        cell += stars(r["p_value"])
    if cell and sr.bracket and sr.bracket in rows.index:
        b = fmt(rows.loc[sr.bracket]["estimate"], sr.bracket_digits)
        cell += f" [{b}]" if b else ""
    return cell


def _fe_keys(rows: pd.DataFrame) -> set[str]:
    fe = rows["fixed_effects"].iloc[0] if len(rows) else None
    return {fe_key(t) for t in str(fe).split("+")} if isinstance(fe, str) and fe else set()


def _vcov_text(v: str) -> str:
    if ":" in v:
        kind, var = v.split(":", 1)
        return f"{kind}, clustered by {var}"
    return v


def descriptives_grid(study: Study, table: Table, desc: pd.DataFrame) -> Grid:
    """Variables as rows, statistics as columns (N as an integer)."""
    desc = desc[desc["table_id"] == table.id]
    vals = {(r.variable, r.statistic): r.value for r in desc.itertuples()}
    rows = []
    for v in table.variables:
        rows.append([study.label(v), *[fmt_int(vals.get((v, s))) if s == "N" else fmt(vals.get((v, s)), table.digits)
                                       for s in table.statistics]])
    notes = ["Each variable over its non-missing rows; sd with ddof=1; percentiles as Stata's "
             "summarize, detail (inverted empirical CDF, averaged at jumps)."] + list(table.notes)
    return Grid(table.title, ["Variable", *table.statistics], rows, [0], notes)


def to_markdown(g: Grid) -> str:
    def esc(s):
        return str(s).replace("|", "\\|")

    out = [f"**{esc(g.title)}**", "", "| " + " | ".join(esc(h) for h in g.header) + " |",
           "|" + "|".join([":---"] + [":---:"] * (len(g.header) - 1)) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in g.rows]
    for n in g.notes:
        out += ["", esc(n).replace("*", "\\*")]
    return "\n".join(out) + "\n"


_TEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
        "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        "×": r"$\times$", "²": r"$^{2}$", "−": "-", "<": r"$<$", ">": r"$>$"}


def tex_escape(s: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in str(s))


def to_latex(g: Grid, label: str | None = None) -> str:
    n = len(g.header) - 1
    out = [r"\begin{table}[htbp]\centering", rf"\caption{{{tex_escape(g.title)}}}"]
    if label:
        out.append(rf"\label{{tab:{re.sub(r'[^A-Za-z0-9:_-]', '-', label)}}}")
    out += [rf"\begin{{tabular}}{{l*{{{n}}}{{c}}}}", r"\toprule",
            " & ".join(tex_escape(h) for h in g.header) + r" \\"]
    for i, r in enumerate(g.rows):
        if i in g.rules:
            out.append(r"\midrule")
        out.append(" & ".join(tex_escape(c) for c in r) + r" \\")
    out += [r"\bottomrule", r"\end{tabular}"]
    out += [rf"\par\smallskip\footnotesize {tex_escape(x)}" for x in g.notes]
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


def to_html(g: Grid) -> str:
    """An HTML fragment: a <table> with caption and notes."""
    e = html.escape
    out = ["<table>", f"<caption>{e(g.title)}</caption>",
           "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in g.header) + "</tr></thead>", "<tbody>"]
    for i, r in enumerate(g.rows):
        cls = ' class="rule"' if i in g.rules and i > 0 else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
    out += ["</tbody>", "</table>"] + [f'<p class="note">{e(n)}</p>' for n in g.notes]
    return "\n".join(out) + "\n"


def html_page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def balance_grid(study: Study, table: Table, desc: pd.DataFrame) -> Grid:
    """Table 4 layout: per covariate a 'before' and an 'after' row; t with stars (pstest's t-test)."""
    desc = desc[desc["table_id"] == table.id]
    v = {(r.variable, r.statistic): r.value for r in desc.itertuples()}
    d, rows = table.digits, []
    for var in table.variables:
        for i, phase in enumerate(("before", "after")):
            def g(s, var=var, phase=phase):
                return v.get((var, f"{s}_{phase}"))

            rows.append([study.label(var) if i == 0 else "", phase, fmt(g("treated_mean"), d),
                         fmt(g("control_mean"), d), fmt(g("se"), d), fmt(g("t"), 2) + stars(g("p_value"))])
    n = {s: v.get(("_sample", s)) for s in ("n_treated", "n_control", "n_treated_matched", "n_control_matched")}
    notes = ["before: all rows with every covariate (the logit sample); after: the kernel-matched sample, "
             "controls weighted by their kernel weights. SE and t of the regression of the covariate on the "
             "treatment (psmatch2 pstest). *** p<0.01, ** p<0.05, * p<0.1.",
             f"Rows: {fmt_int(n['n_treated'])} treated and {fmt_int(n['n_control'])} controls before; "
             f"{fmt_int(n['n_treated_matched'])} and {fmt_int(n['n_control_matched'])} matched."]
    return Grid(table.title, ["Variable", "Sample", "Treated", "Control", "SE", "T"], rows, [0],
                notes + list(table.notes))
