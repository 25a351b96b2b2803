"""Group means by year for a figure table (the paper's Figure 1): one SQL query, stored with
the descriptives as long rows (variable ``y[group=g]``, statistics ``mean_<x>`` and ``N_<x>``)
so the figure is numbers first; ``analysis.reporting.figures`` renders them."""
from __future__ import annotations

import pandas as pd

from analysis.core.panel import Fetch, quote, require_columns
from analysis.core.schema import LONG_COLUMNS, axis_key
from analysis.spec.types import Study, Table


def run_group_means(study: Study, table: Table, fetch: Fetch, panel_cols: list[str], say) -> pd.DataFrame | None:
    """group_means figures: one SQL query → long rows for the descriptives; coefficient plots
    read estimates and need no query (None)."""
    o = table.options
    if o["plot"] != "group_means":
        return None
    require_columns(study.panel, panel_cols, [o[k] for k in ("y", "x", "group")], study.where(table))
    y, x, g = (quote(o[k]) for k in ("y", "x", "group"))
    where = f"{y} IS NOT NULL" + (f" AND ({table.sample})" if table.sample else "")
    df = fetch(f"SELECT {x} AS x, {g} AS g, avg({y}) AS mean, count({y}) AS n FROM {study.panel} "
               f"WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2")
    rows = []
    for r in df.itertuples():
        var = f"{o['y']}[{o['group']}={axis_key(r.g)}]"
        rows += [{"variable": var, "statistic": f"mean_{axis_key(r.x)}", "value": float(r.mean)},
                 {"variable": var, "statistic": f"N_{axis_key(r.x)}", "value": float(r.n)}]
    say(f"{table.id}: {o['y']} by {o['group']} and {o['x']} over {int(df['n'].sum()):,} rows")
    return pd.DataFrame(rows, columns=LONG_COLUMNS)
