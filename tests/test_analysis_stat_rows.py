"""Table fields ``paren`` (se | t) and ``stat_rows`` (diag: rows below N/R²): parsing, errors that
name the file and table, the rendered grid in all three formats, and the report's comparison."""
from __future__ import annotations

import copy

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml

from analysis import SpecError, fetch_from, load_study, run_study
from analysis.reporting.compare import compare_regression
from analysis.reporting.grids import regression_grid, stars, to_html, to_latex, to_markdown

SPEC = {
    "study": "ivdemo", "title": "IV demo", "panel": "panel_iv", "paren": "t",
    "defaults": {"vcov": {"CRV1": "c"}},
    "tables": [{
        "id": "t2", "title": "Table 2", "rows": ["x"], "digits": 4,
        "fe_rows": {"Firm FE": "g"},
        "stats": ["N"],
        "stat_rows": {
            "Kleibergen-Paap rk LM": {"term": "diag:kp_rk_lm", "digits": 2},
            "Cragg-Donald Wald F": {"term": "diag:cd_wald_f", "bracket": "diag:cd_wald_f_sy10", "digits": 3,
                                    "stars": False},
        },
        "columns": [
            {"name": "(1)", "estimator": "iv", "formula": "y ~ w | g | x ~ z1",
             "paper": {"x": [1.5, 2.9, "***"], "Kleibergen-Paap rk LM": [25.29, None, "***"]}},
            {"name": "(2)", "estimator": "ols", "formula": "y ~ x + w | g"},
        ]},
        {"id": "t_se", "title": "SE table", "paren": "se", "rows": ["x"],
         "columns": [{"name": "(1)", "formula": "y ~ x + w | g"}]},
    ],
}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 800
    g, c = rng.integers(0, 40, n), rng.integers(0, 25, n)
    z1, w = rng.normal(size=n), rng.normal(size=n)
    u = rng.normal(size=n)
    x = 0.5 * z1 + 0.5 * u + rng.normal(size=40)[g] + rng.normal(size=n)
    return pd.DataFrame({"y": 1.5 * x + 0.3 * w + u, "x": x, "w": w, "z1": z1, "g": g, "c": c})


@pytest.fixture(scope="module")
def result(panel, tmp_path_factory):
    con = duckdb.connect()
    con.register("panel_iv", panel)
    tmp = tmp_path_factory.mktemp("statrows")
    path = tmp / "ivdemo.yml"
    path.write_text(yaml.safe_dump(SPEC, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return run_study(path, fetch_from(con), tmp / "out"), tmp / "out"


def test_grid_prints_t_and_stat_rows(result):
    res, out = result
    t2 = res.study.table("t2")
    assert t2.paren == "t" and res.study.table("t_se").paren == "se"
    g = regression_grid(res.study, t2, res.estimates)
    rows = {r[0]: r[1:] for r in g.rows if r[0]}
    e = res.estimates[res.estimates.table_id == "t2"].set_index(["column", "term"])
    x1 = e.loc[("(1)", "x")]
    assert g.rows[1][1] == f"({x1['statistic']:.2f})"                       # t under the coefficient
    kp = e.loc[("(1)", "diag:kp_rk_lm")]
    assert rows["Kleibergen-Paap rk LM"] == [f"{kp['estimate']:.2f}{stars(kp['p_value'])}", ""]
    cd = e.loc[("(1)", "diag:cd_wald_f")]["estimate"]
    assert rows["Cragg-Donald Wald F"] == [f"{cd:.3f} [16.38]", ""]            # no stars, critical value
    assert [r[0] for r in g.rows if r[0]][-3:] == ["N", "Kleibergen-Paap rk LM", "Cragg-Donald Wald F"]
    assert g.notes[:3] == ["Dependent variable: y.",
                           "t-statistics in parentheses (CRV1, clustered by c). *** p<0.01, ** p<0.05, * p<0.1.",
                           "In brackets: Stock-Yogo critical value of the Cragg-Donald F, 10% maximal IV size."]
    md = (out / "ivdemo/tables/t2.md").read_text(encoding="utf-8")
    assert "| Cragg-Donald Wald F |" in md and "[16.38]" in md and "t-statistics in parentheses" in md
    assert "Kleibergen-Paap rk LM" in (out / "ivdemo/tables/t2.tex").read_text(encoding="utf-8")
    assert "[16.38]" in (out / "ivdemo/tables/t2.html").read_text(encoding="utf-8")
    se = regression_grid(res.study, res.study.table("t_se"), res.estimates)
    xs = res.estimates.query("table_id == 't_se' and term == 'x'").iloc[0]
    assert se.rows[1][1] == f"({xs['std_error']:.3f})" and se.notes[1].startswith("Standard errors in parentheses")
    assert to_latex(se) and to_html(se) and to_markdown(se)


def test_comparison_covers_stat_rows_and_t(result):
    res, out = result
    cmp = compare_regression(res.study.table("t2"), res.estimates, None).set_index(["column", "term"])
    kp = cmp.loc[("(1)", "Kleibergen-Paap rk LM")]
    assert kp["paper_coef"] == 25.29 and kp["paper_stars"] == "***" and np.isfinite(kp["estimate"])
    assert cmp.loc[("(1)", "x"), "statistic"] == pytest.approx(
        res.estimates.query("table_id == 't2' and `column` == '(1)' and term == 'x'")["statistic"].iloc[0])
    report = (out / "ivdemo/report.md").read_text(encoding="utf-8")
    assert "Ours (t)" in report and "Paper (t)" in report


@pytest.mark.parametrize("mutate, needles", [
    (lambda s: s["tables"][0]["stat_rows"].update(bad="diag:kp_lm"), ["t2", "stat_rows", "kp_lm", "unknown"]),
    (lambda s: s["tables"][0]["stat_rows"].update(bad="kp_rk_lm"), ["t2", "stat_rows", "not a diagnostic"]),
    (lambda s: s["tables"][0]["stat_rows"].update(bad={"term": "diag:cd_wald_f", "colour": 1}), ["t2", "colour"]),
    (lambda s: s["tables"][0]["stat_rows"].update(bad={"term": "diag:cd_wald_f", "bracket": "diag:x"}),
     ["t2", "diag:x"]),
    (lambda s: s["tables"][0].update(paren="z"), ["t2", "paren"]),
    (lambda s: s.update(paren="stderr"), ["paren", "stderr"]),
    (lambda s: s["tables"][0]["columns"][0]["paper"].update({"Sargan": 1.0}), ["t2", "Sargan", "stat_rows"]),
    (lambda s: s["tables"].append({"id": "d", "kind": "descriptives", "variables": ["y"],
                                   "stat_rows": {"a": "diag:cd_wald_f"}}), ["'d'", "stat_rows"]),
])
def test_spec_errors_name_file_and_table(tmp_path, mutate, needles):
    spec = copy.deepcopy(SPEC)
    mutate(spec)
    path = tmp_path / "ivdemo.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_study(path)
    msg = str(exc.value)
    assert str(path) in msg
    for n in needles:
        assert n in msg, (n, msg)
