"""Paper 003 estimation: the mediation estimator's algebra and bootstrap, and on the demo
universe the planted Dig effect recovered, c = c' + a·b exactly, and the paper-layout report."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import load_study

STUDY = "province_digital_tsi"


@pytest.fixture(scope="module")
def toy():
    """A small balanced province x year panel with a planted mediation chain."""
    r = np.random.default_rng(3)
    n, t = 20, 8
    df = pd.DataFrame({"province": np.repeat([f"{i:06d}" for i in range(n)], t), "year": np.tile(range(t), n)})
    fe_i, fe_t = np.repeat(r.normal(0, 1, n), t), np.tile(r.normal(0, 0.5, t), n)
    df["dig"] = fe_i * 0.3 + r.normal(0, 0.2, n * t)
    df["x1"] = r.normal(0, 1, n * t)
    df["m"] = fe_i + 2.0 * df.dig + 0.3 * df.x1 + r.normal(0, 0.3, n * t)
    df["y"] = fe_i + fe_t + 0.5 * df.dig + 0.4 * df.m - 0.2 * df.x1 + r.normal(0, 0.2, n * t)
    return df


def _column(**options):
    from analysis.spec.parse import parse_study

    spec = {"study": "toy", "title": "toy", "panel": "p", "tables": [{"id": "t", "columns": [{
        "name": "M", "formula": "y ~ dig + x1 | province+year", "estimator": "mediation",
        "options": {"mediator": "m", "treatment": "dig", "cluster": "province", **options}}]}]}
    return parse_study(spec, "<toy>").tables[0].columns[0]


def test_mediation_decomposes_the_total_effect_exactly(toy):
    import pyfixest as pf

    from analysis.estimators.mediation import fit_mediation

    res = fit_mediation(toy, _column(bootstrap=0)).coefs.set_index("term").estimate
    total = pf.feols("y ~ dig + x1 | province+year", toy).coef()["dig"]
    a = pf.feols("m ~ dig + x1 | province+year", toy).coef()["dig"]
    full = pf.feols("y ~ dig + x1 + m | province+year", toy).coef()
    assert res["total"] == pytest.approx(total, abs=1e-12) and res["a"] == pytest.approx(a, abs=1e-12)
    assert (res["b"], res["direct"]) == pytest.approx((full["m"], full["dig"]), abs=1e-12)
    assert abs(res["identity_gap"]) < 1e-12
    assert res["total"] == pytest.approx(res["direct"] + res["a"] * res["b"], abs=1e-12)
    assert res["share"] == pytest.approx(a * full["m"] / total)


def test_sobel_and_bootstrap(toy):
    from analysis.estimators.mediation import bootstrap_indirect, fit_mediation

    col = _column(bootstrap=199, seed=11)
    first, again = fit_mediation(toy, col).coefs.set_index("term"), fit_mediation(toy, col).coefs.set_index("term")
    pd.testing.assert_frame_equal(first, again)                 # deterministic for a seed
    a, b, se_a, se_b = first.estimate["a"], first.estimate["b"], first.std_error["a"], first.std_error["b"]
    assert first.std_error["indirect"] == pytest.approx(np.sqrt(b ** 2 * se_a ** 2 + a ** 2 * se_b ** 2))
    boot = first.loc["indirect_boot"]
    assert boot.conf_low < a * b < boot.conf_high and 0 < boot.std_error < 1
    assert boot.conf_low < 0.8 < boot.conf_high                 # planted a·b = 2.0 x 0.4
    draws = bootstrap_indirect(toy, col, "dig", "m", 50, 12, "province")
    other_seed = bootstrap_indirect(toy, col, "dig", "m", 50, 13, "province")
    assert len(np.unique(draws)) == 50 and not np.allclose(draws, other_seed)


def test_bootstrap_regressions_match_pyfixest_on_the_full_sample(toy):
    import pyfixest as pf

    from analysis.estimators.mediation import _demean, _first_coef

    fes = [pd.factorize(toy[f])[0] for f in ("province", "year")]
    z = _demean(toy[["m", "y", "dig", "x1"]].to_numpy(float), fes)
    a = _first_coef(z[:, 0], z[:, 2:])
    b = _first_coef(z[:, 1], np.column_stack([z[:, 0], z[:, 2:]]))
    assert a == pytest.approx(pf.feols("m ~ dig + x1 | province+year", toy).coef()["dig"], abs=1e-10)
    assert b == pytest.approx(pf.feols("y ~ m + dig + x1 | province+year", toy).coef()["m"], abs=1e-10)


def test_spec_covers_tables_1_to_7():
    s = load_study(STUDY)
    ids = [t.id for t in s.tables]
    assert ids[:2] == ["table1", "table2"] and {"table3", "table4", "table4_effects", "table5", "table6", "table7",
                                                "table7_effects"} <= set(ids)
    assert s.table("table3").columns[4].paper["dig"].coef == 2.7077
    assert s.panel == "panel_" + STUDY


@pytest.fixture(scope="module")
def demo(demo_built):
    from orchestration.pipeline import estimate

    result = estimate(demo_built, STUDY, progress=lambda _: None, load_results=False)
    truth = json.loads((demo_built.raw_dir / "truth.json").read_text())["studies"][STUDY]
    return result, truth


def test_dig_effect_is_recovered_on_the_demo_universe(demo):
    result, truth = demo
    est = result.estimates.set_index(["table_id", "column", "term"])
    dig = est.loc[("table3", "(5)", "dig")]
    planted = truth["estimands"]["table3"]["(5)"]["dig"]
    assert dig.conf_low <= planted <= dig.conf_high and dig.p_value < 0.01, (dig.estimate, planted)
    # the estimand is the structural average total effect up to sampling of the regressors
    assert abs(planted - truth["total_by_region_structural"]["east"]) < 0.1
    for m in ("Hum", "Upd", "Cre"):
        a = est.loc[("table4_effects", m, "a")]
        assert a.conf_low <= truth["estimands"]["table4_effects"][m]["a"] <= a.conf_high
    tech, labour = est.loc[("table6", "(5) Technology", "dig")], est.loc[("table6", "(3) Labour", "dig")]
    assert tech.estimate > labour.estimate > 0 and tech.p_value < 0.01


def test_total_equals_direct_plus_indirect_on_identical_samples(demo):
    result, _ = demo
    est = result.estimates.set_index(["table_id", "column", "term"]).estimate
    pairs = {"Hum": ("(1) Hum", "(2) TSI", "hum"), "Upd": ("(3) Upd", "(4) TSI", "upd"),
             "Cre": ("(5) Cre", "(6) TSI", "cre")}
    for m, (col_a, col_b, term) in pairs.items():
        c, c1, a, b = (est[("table4_effects", m, k)] for k in ("total", "direct", "a", "b"))
        assert abs(c - (c1 + a * b)) < 1e-10 and abs(est[("table4_effects", m, "identity_gap")]) < 1e-10
        assert c == pytest.approx(est[("table3", "(5)", "dig")], abs=1e-12)        # the same regressions
        assert a == pytest.approx(est[("table4", col_a, "dig")], abs=1e-12)
        assert (b, c1) == pytest.approx((est[("table4", col_b, term)], est[("table4", col_b, "dig")]), abs=1e-12)
        pc = est[("table7_effects", m, "total")] - est[("table7_effects", m, "direct")]
        assert pc == pytest.approx(est[("table7_effects", m, "a")] * est[("table7_effects", m, "b")], abs=1e-10)


def test_report_puts_paper_and_planted_values_beside_ours(demo):
    result, truth = demo
    text = result.report_path.read_text(encoding="utf-8")
    for title in ("Table 1 — Digital-technology indicators and entropy weights", "Table 2 — Descriptive statistics",
                  "Table 3 — Baseline", "Table 4 — Mediation", "Table 4b — Indirect effects", "Table 5 — Heterogeneity",
                  "Table 6 — Heterogeneity", "Table 7 — Robustness"):
        assert title in text, title
    row = next(line for line in text.splitlines() if line.startswith("| (5) | Dig |"))
    assert "2.708***" in row and f"{truth['estimands']['table3']['(5)']['dig']:.4g}" in row
    weights = result.estimates[result.estimates.table_id == "table1"].set_index("term").estimate
    assert weights["total"] == pytest.approx(1.0, abs=1e-12) and len(weights) == 16
    for code, w in truth["entropy_weights_pipeline_view"].items():
        assert weights[code] == pytest.approx(w, abs=1e-10)
