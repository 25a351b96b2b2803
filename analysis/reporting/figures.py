"""Figure tables: yearly group means (the paper's Figure 1) and coefficient plots (event study).

Why data first: the paper's parallel-trends evidence is only a picture, so each figure is also
numbers — group means are computed in SQL and stored with the descriptives (variable
``y[group=g]``, statistics ``mean_<x>`` and ``N_<x>``), coefficient plots read the estimates of
a regression table — and the PNG is a deterministic rendering of those numbers (matplotlib's
Agg canvas without pyplot state, fixed size and dpi, no metadata).
Outputs: <out>/<study>/figures/<table_id>.png and .csv.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.schema import axis_key
from analysis.reporting.grids import Grid, fmt, fmt_int, stars
from analysis.spec.types import Study, Table

SIZE, DPI = (7.0, 4.2), 150


def group_series(table: Table, desc: pd.DataFrame) -> pd.DataFrame:
    """(group, x, mean, N) from the stored descriptives rows of a group_means figure."""
    d = desc[desc["table_id"] == table.id]
    out = []
    for r in d.itertuples():
        grp = re.fullmatch(r".*\[.*=(.*)\]", r.variable).group(1)
        stat, xv = r.statistic.split("_", 1)
        out.append({"group": grp, "x": float(xv), "stat": stat, "value": r.value})
    if not out:
        return pd.DataFrame(columns=["group", "x", "mean", "N"])
    wide = pd.DataFrame(out).pivot_table(index=["group", "x"], columns="stat", values="value").reset_index()
    return wide[["group", "x", "mean", "N"]].sort_values(["group", "x"], kind="mergesort").reset_index(drop=True)


def coef_series(table: Table, est: pd.DataFrame) -> pd.DataFrame:
    """(x, estimate, std_error, conf_low, conf_high, p_value) of the source column; the reference x at 0."""
    o = table.options
    e = est[(est["table_id"] == o["source"]["table"]) & (est["column"] == o["source"]["column"])]
    pat = re.compile(o["term_pattern"])
    rows = [{"x": float(m.group(1)), **{k: float(getattr(r, k)) for k in
                                          ("estimate", "std_error", "conf_low", "conf_high", "p_value")}}
            for r in e.itertuples() if (m := pat.fullmatch(str(r.term)))]
    if rows and o.get("ref") is not None:
        rows.append({"x": float(o["ref"]), "estimate": 0.0, "std_error": np.nan, "conf_low": np.nan,
                     "conf_high": np.nan, "p_value": np.nan})
    cols = ["x", "estimate", "std_error", "conf_low", "conf_high", "p_value"]
    return pd.DataFrame(rows, columns=cols).sort_values("x", kind="mergesort").reset_index(drop=True)


def _label(table: Table, grp: str) -> str:
    labels = {str(k): str(v) for k, v in (table.options.get("group_labels") or {}).items()}
    return labels.get(grp, f"{table.options['group']} = {grp}")


def figure_grid(study: Study, table: Table, est: pd.DataFrame, desc: pd.DataFrame):
    """The figure's numbers as a table grid, or None when there are none yet."""
    d, xl = table.digits, table.options.get("xlabel", table.options.get("x", "x"))
    if table.options["plot"] == "group_means":
        s = group_series(table, desc)
        if s.empty:
            return None
        groups = sorted(s["group"].unique(), reverse=True)
        wide = {g: s[s["group"] == g].set_index("x") for g in groups}
        xs = sorted(set(s["x"]))
        rows = [[axis_key(x), *[fmt(wide[g]["mean"].get(x), d) for g in groups],
                 *[fmt_int(wide[g]["N"].get(x)) for g in groups]] for x in xs]
        header = [xl, *[f"Mean: {_label(table, g)}" for g in groups], *[f"N: {_label(table, g)}" for g in groups]]
        return Grid(table.title, header, rows, [0], [f"Mean of {table.options['y']} by {table.options['group']}."]
                    + list(table.notes))
    s = coef_series(table, est)
    if s.empty:
        return None
    rows = [[axis_key(r.x), fmt(r.estimate, d) + stars(r.p_value),
             f"({fmt(r.std_error, d)})" if np.isfinite(r.std_error) else "(reference)",
             f"[{fmt(r.conf_low, d)}, {fmt(r.conf_high, d)}]" if np.isfinite(r.conf_low) else ""]
            for r in s.itertuples()]
    src = table.options["source"]
    return Grid(table.title, [xl, "Estimate", "(SE)", "95% CI"], rows, [0],
                [f"Coefficients of {src['table']} column {src['column']}; the reference period is 0 by "
                 "construction. *** p<0.01, ** p<0.05, * p<0.1."] + list(table.notes))


def _render(table: Table, est: pd.DataFrame, desc: pd.DataFrame, path: Path) -> pd.DataFrame | None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    o = table.options
    fig = Figure(figsize=SIZE)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    if o["plot"] == "group_means":
        data = group_series(table, desc)
        if data.empty:
            return None
        for i, g in enumerate(sorted(data["group"].unique(), reverse=True)):
            s = data[data["group"] == g]
            ax.plot(s["x"], s["mean"], marker="os"[i % 2], linestyle="-" if i == 0 else "--", label=_label(table, g))
        ax.legend(frameon=False)
    else:
        data = coef_series(table, est)
        if data.empty:
            return None
        ok = data["conf_low"].notna()
        ax.errorbar(data["x"][ok], data["estimate"][ok],
                    yerr=[data["estimate"][ok] - data["conf_low"][ok], data["conf_high"][ok] - data["estimate"][ok]],
                    fmt="o", capsize=3, label="estimate, 95% CI")
        ax.plot(data["x"][~ok], data["estimate"][~ok], "o", mfc="white", label="reference period")
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.legend(frameon=False)
    if o.get("vline") is not None:
        ax.axvline(float(o["vline"]), color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel(o.get("xlabel", o.get("x", "")))
    ax.set_ylabel(o.get("ylabel", o.get("y", "coefficient")))
    ax.set_xticks(sorted(set(data["x"])))
    ax.set_xticklabels([axis_key(x) for x in sorted(set(data["x"]))], rotation=45)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    return data


def write_figures(study: Study, estimates: pd.DataFrame, descriptives: pd.DataFrame, out_dir: Path) -> dict[str, Path]:
    """Render every figure table whose numbers exist; returns {'<id>.png': path, '<id>.csv': path}."""
    fdir = Path(out_dir) / study.study / "figures"
    files = {}
    for table in (t for t in study.tables if t.kind == "figure"):
        fdir.mkdir(parents=True, exist_ok=True)
        png = fdir / f"{table.id}.png"
        data = _render(table, estimates, descriptives, png)
        if data is None:
            continue
        data.to_csv(fdir / f"{table.id}.csv", index=False, float_format="%.10g")
        files[f"{table.id}.png"], files[f"{table.id}.csv"] = png, fdir / f"{table.id}.csv"
    return files
