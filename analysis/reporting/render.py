"""Write every table of a study as Markdown, LaTeX and HTML from its stored results."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.reporting.figures import figure_grid
from analysis.reporting.grids import (
    Grid,
    balance_grid,
    descriptives_grid,
    html_page,
    regression_grid,
    to_html,
    to_latex,
    to_markdown,
)
from analysis.spec.types import Study, Table


def table_grid(study: Study, table: Table, estimates: pd.DataFrame, descriptives: pd.DataFrame) -> Grid | None:
    """The grid of a table, or None when no result rows exist for it."""
    if table.kind == "figure":
        return figure_grid(study, table, estimates, descriptives)
    if table.kind in ("descriptives", "balance"):
        if not (descriptives["table_id"] == table.id).any():
            return None
        return (descriptives_grid if table.kind == "descriptives" else balance_grid)(study, table, descriptives)
    return regression_grid(study, table, estimates) if (estimates["table_id"] == table.id).any() else None


def write_tables(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, out_dir: Path) -> dict[str, Grid]:
    """Write <out_dir>/<study>/tables/<table_id>.{md,tex,html}; returns the grids written."""
    tdir = Path(out_dir) / study.study / "tables"
    tdir.mkdir(parents=True, exist_ok=True)
    grids = {}
    for table in study.tables:
        g = table_grid(study, table, estimates, descriptives)
        if g is None:
            continue
        (tdir / f"{table.id}.md").write_text(to_markdown(g), encoding="utf-8")
        (tdir / f"{table.id}.tex").write_text(to_latex(g, label=f"{study.study}:{table.id}"), encoding="utf-8")
        (tdir / f"{table.id}.html").write_text(html_page(g.title, to_html(g)), encoding="utf-8")
        grids[table.id] = g
    return grids
