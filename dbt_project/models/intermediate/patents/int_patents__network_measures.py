"""Paper 002's co-applicant network measures (Table 13) per window year and node, computed by
``tradewh.network`` (networkx): degree, degree centrality, Burt's constraint and the
structural-holes index CI (var dpq_structural_holes: 2 - constraint | 1 - constraint), over the
network of the year's digital co-applications (var dpq_network_window: annual) or of all years
up to it (cumulative). Nodes: firm_id for firms of the warehouse, a pseudonymous key otherwise.
"""

from tradewh.network import edges_from_applications, network_measures


def model(dbt, session):
    dbt.config(materialized="table")
    nodes = dbt.ref("int_patents__coapplicant_nodes").df()
    nodes = nodes.sort_values(["year", "application_number", "node"], kind="mergesort")
    edges = edges_from_applications(nodes[["application_number", "year", "node"]])
    first, last = int(dbt.config.meta_get("start_year")) - 2, int(dbt.config.meta_get("end_year"))
    out = network_measures(edges, years=list(range(first, last + 1)), window=dbt.config.meta_get("window"),
                           holes=dbt.config.meta_get("holes"))
    kinds = nodes.drop_duplicates("node").set_index("node")["node_kind"]
    out["node_kind"] = out["node"].map(kinds)
    out["year"] = out["year"].astype("int64")
    return out.sort_values(["year", "node"]).reset_index(drop=True)
