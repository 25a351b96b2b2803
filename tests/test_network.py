"""Co-applicant network measures (tradewh.network) against hand-computed values."""
from __future__ import annotations

import pandas as pd
import pytest

from tradewh.network import edges_from_applications, network_measures

# A-B share two applications, A-C, B-C and C-D one each (weights 2, 1, 1, 1)
APPS = pd.DataFrame({
    "application_number": ["p1", "p1", "p2", "p2", "p3", "p3", "p3", "p4", "p4", "p5"],
    "year": [2010] * 10,
    "node": ["A", "B", "A", "B", "A", "B", "C", "C", "D", "A"],
})


def test_edges_are_weighted_pairs_of_coapplicants():
    e = edges_from_applications(APPS)
    got = {(a, b): w for a, b, w in zip(e.node_a, e.node_b, e.weight)}
    # p3 has three applicants: A-B, A-C, B-C; p5 has one applicant and adds nothing
    assert got == {("A", "B"): 3.0, ("A", "C"): 1.0, ("B", "C"): 1.0, ("C", "D"): 1.0}


def test_burt_constraint_and_degree_by_hand():
    e = pd.DataFrame({"year": 2010, "node_a": ["A", "A", "B", "C"], "node_b": ["B", "C", "C", "D"],
                      "weight": [2.0, 1.0, 1.0, 1.0]})
    m = network_measures(e).set_index("node")
    # p_AB = 2/3, p_AC = 1/3; C_A = (2/3 + 1/3*1/3)^2 + (1/3 + 2/3*1/3)^2 = 74/81
    # C_C = 2 * (1/3 + 1/3*2/3)^2 + (1/3)^2 = 59/81; C_D = 1 (one partner, no third party)
    expect = {"A": 74 / 81, "B": 74 / 81, "C": 59 / 81, "D": 1.0}
    for node, c in expect.items():
        assert m.loc[node, "constraint"] == pytest.approx(c, abs=1e-12)
        assert m.loc[node, "structural_holes"] == pytest.approx(2 - c, abs=1e-12)
    assert m["degree"].to_dict() == {"A": 2, "B": 2, "C": 3, "D": 1}
    assert m.loc["C", "degree_centrality"] == pytest.approx(1.0)
    assert m.loc["A", "tie_strength"] == 3.0
    one = network_measures(e, holes="one_minus").set_index("node")
    assert one.loc["D", "structural_holes"] == pytest.approx(0.0)


def test_star_constraint_is_one_over_degree():
    e = pd.DataFrame({"year": 2011, "node_a": ["H"] * 4, "node_b": list("wxyz"), "weight": 1.0})
    m = network_measures(e).set_index("node")
    assert m.loc["H", "constraint"] == pytest.approx(4 * (1 / 4) ** 2)
    assert (m.drop(index="H")["constraint"] == 1.0).all()


def test_windows_and_determinism():
    e = pd.DataFrame({"year": [2010, 2011], "node_a": ["A", "A"], "node_b": ["B", "C"], "weight": 1.0})
    annual = network_measures(e, window="annual")
    cum = network_measures(e, window="cumulative")
    assert annual[annual.year == 2011].node.tolist() == ["A", "C"]
    a11 = cum[(cum.year == 2011) & (cum.node == "A")].iloc[0]
    assert a11.degree == 2 and a11.network_nodes == 3
    shuffled = network_measures(e.iloc[::-1].reset_index(drop=True), window="cumulative")
    pd.testing.assert_frame_equal(cum, shuffled)


def test_bad_options_are_named():
    e = pd.DataFrame({"year": [2010], "node_a": ["A"], "node_b": ["B"], "weight": [1.0]})
    with pytest.raises(ValueError, match="window"):
        network_measures(e, window="rolling")
    with pytest.raises(ValueError, match="holes"):
        network_measures(e, holes="three")
    with pytest.raises(ValueError, match="missing columns"):
        edges_from_applications(pd.DataFrame({"year": [1]}))
    empty = network_measures(pd.DataFrame(columns=["year", "node_a", "node_b", "weight"]))
    assert empty.empty and "constraint" in empty.columns
