"""Co-applicant network measures (paper 002, Table 13): degree centrality and Burt's constraint.

The network of a window (a year, or all years up to it) has one node per applicant of the
digital invention applications with more than one applicant, and an edge between every two
applicants of one application; an edge's weight is the number of applications the two share
in the window. Measures per node (networkx does the graph work):

- ``degree``: the number of distinct co-applicants (unweighted degree);
- ``degree_centrality``: degree / (nodes in the window's network − 1) (networkx's normalised
  degree centrality);
- ``constraint``: Burt's (1992) constraint C_i = Σ_{j≠i} (p_ij + Σ_{q≠i,j} p_iq p_qj)², with
  p_ij = (w_ij + w_ji) / Σ_k (w_ik + w_ki) the share of i's ties spent on j
  (``networkx.constraint`` with the edge weights); NaN for a node without ties;
- ``structural_holes``: ``2 − constraint`` (default; 钱锡红 et al. 2010) or ``1 − constraint``
  (``holes='one_minus'``): higher means more brokerage opportunities;
- ``tie_strength``: the sum of the node's edge weights (co-applications, counted per partner);
- ``network_nodes``: the number of nodes of the window's network.

Rows are sorted (window year, node), and nodes are added in sorted order, so the output does not
depend on the input row order.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

HOLES = {"two_minus": 2.0, "one_minus": 1.0}
WINDOWS = ("annual", "cumulative")
MEASURE_COLUMNS = ["year", "node", "degree", "degree_centrality", "constraint", "structural_holes",
                   "tie_strength", "network_nodes"]


def edges_from_applications(applicants: pd.DataFrame) -> pd.DataFrame:
    """Weighted edges per year from one row per (application, year, node).

    ``applicants`` has columns application_number, year, node (text). Applications with fewer
    than two distinct nodes add nothing. Returns year, node_a < node_b, weight (number of shared
    applications), sorted.
    """
    need = {"application_number", "year", "node"}
    missing = need - set(applicants.columns)
    if missing:
        raise ValueError(f"edges_from_applications: missing columns {sorted(missing)}")
    d = applicants.dropna(subset=["node"]).drop_duplicates(["application_number", "year", "node"])
    d = d.sort_values(["year", "application_number", "node"], kind="mergesort")
    rows = []
    for (year, _app), g in d.groupby(["year", "application_number"], sort=False):
        nodes = g["node"].tolist()
        rows += [(int(year), a, b) for a, b in combinations(sorted(nodes), 2)]
    e = pd.DataFrame(rows, columns=["year", "node_a", "node_b"])
    if e.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "node_a": pd.Series(dtype=object),
                             "node_b": pd.Series(dtype=object), "weight": pd.Series(dtype="float64")})
    out = e.groupby(["year", "node_a", "node_b"], sort=True).size().rename("weight").reset_index()
    out["weight"] = out["weight"].astype("float64")
    return out


def _graph(edges: pd.DataFrame):
    import networkx as nx

    g = nx.Graph()
    agg = edges.groupby(["node_a", "node_b"], sort=True)["weight"].sum()
    nodes = sorted(set(agg.index.get_level_values(0)) | set(agg.index.get_level_values(1)))
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from((a, b, float(w)) for (a, b), w in agg.items())
    return g


def network_measures(edges: pd.DataFrame, years: list[int] | None = None, window: str = "annual",
                     holes: str = "two_minus") -> pd.DataFrame:
    """Per window year and node: degree, degree centrality, Burt's constraint and structural holes.

    ``edges``: year, node_a, node_b, weight (as ``edges_from_applications``). ``years``: the
    window years to compute (default: the years in ``edges``); ``window``: ``annual`` (edges of
    that year) or ``cumulative`` (edges of every year up to it).
    """
    import networkx as nx

    if window not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")
    if holes not in HOLES:
        raise ValueError(f"holes must be one of {sorted(HOLES)}, not {holes!r}")
    years = sorted(set(int(y) for y in (years if years is not None else edges["year"].unique())))
    parts = []
    for year in years:
        sel = edges[edges["year"] == year] if window == "annual" else edges[edges["year"] <= year]
        if sel.empty:
            continue
        g = _graph(sel)
        n = g.number_of_nodes()
        constraint = nx.constraint(g, weight="weight")
        strength = dict(g.degree(weight="weight"))
        nodes = sorted(g.nodes)
        deg = np.array([g.degree(v) for v in nodes], dtype="int64")
        c = np.array([constraint.get(v, np.nan) for v in nodes], dtype="float64")
        parts.append(pd.DataFrame({
            "year": year, "node": nodes, "degree": deg,
            "degree_centrality": deg / (n - 1) if n > 1 else np.zeros(len(nodes)),
            "constraint": c, "structural_holes": HOLES[holes] - c,
            "tie_strength": np.array([strength[v] for v in nodes], dtype="float64"),
            "network_nodes": n}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in MEASURE_COLUMNS})
    out = pd.concat(parts, ignore_index=True)[MEASURE_COLUMNS]
    return out.sort_values(["year", "node"], kind="mergesort").reset_index(drop=True)
