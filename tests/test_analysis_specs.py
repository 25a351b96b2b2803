"""Study specs: loading, defaults, normalisation, and errors that name file/table/column."""
from __future__ import annotations

import copy

import pytest
import yaml

from analysis import SpecError, list_studies, load_study
from analysis.core.formulas import fe_key, parse_formula

BASE = {
    "study": "demo", "title": "Demo", "panel": "panel_demo",
    "defaults": {"estimator": "ols", "vcov": {"CRV1": "hs6"}, "fixef_rm": "singleton"},
    "tables": [
        {"id": "t_desc", "kind": "descriptives", "variables": ["y", "x"], "statistics": ["N", "mean"],
         "paper": {"y": [10, 0.5]}},
        {"id": "t_reg", "kind": "regression", "defaults": {"vcov": "hetero"},
         "columns": [
             {"name": "(1)", "formula": "y ~ x"},
             {"name": "(2)", "formula": "y ~ x | hs6 ^ importer + year", "vcov": {"CRV1": "hs6"},
              "sample": "has_controls", "paper": {"x": [0.1, 0.02, "**"], "N": 100, "R2": 0.5},
              "truth": {"x": "studies.demo.att"}},
         ]},
    ],
}


def _write(tmp_path, spec) -> str:
    p = tmp_path / "demo.yml"
    p.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return str(p)


def test_shipped_study_ai_policy_quality():
    assert "ai_policy_quality" in list_studies()
    s = load_study("ai_policy_quality")
    assert s.panel == "panel_ai_policy_quality"
    assert [t.id for t in s.tables] == ["table2", "table3", "table3_raw", "table4", "table5", "table6", "table7",
                                        "table8", "table8_raw", "table9", "figure1", "event_study",
                                        "figure_event_study"]
    t2, t3, raw = s.tables[:3]
    assert t2.paper["lnquality"] == [4487250, 0.492, 0.062, 0.4566022, 0.496, 0.530]
    assert len(t2.paper) == 9 and t2.statistics == ["N", "mean", "sd", "p25", "p50", "p75"]
    c4 = t3.columns[3]
    assert c4.formula.endswith("| hs6^importer+year") and c4.sample == "has_controls"
    assert c4.vcov == {"CRV1": "hs6"} and c4.fixef_rm == "singleton"
    assert (c4.paper["did"].coef, c4.paper["did"].se, c4.paper["did"].stars) == (0.013, 0.004, "***")
    assert c4.paper["_cons"].coef == -1.886 and c4.paper_stats == {"N": 1979043, "R2": 0.561}
    assert t3.columns[2].paper["lnexchange"].stars is None
    assert [c.paper_stats["N"] for c in t3.columns] == [4487250, 4423623, 2035570, 1979043]
    assert t3.columns[0].parsed.fixef == ()
    assert all(c.parsed.depvar == "quality_raw_s3" for c in raw.columns)
    # columns without controls against the all-flows mean, those with controls against theirs
    assert [c.truth["did"] for c in raw.columns] == ["studies.ai_policy_quality.att"] * 2 + [
        "studies.ai_policy_quality.controls_sample.att"] * 2
    assert raw.columns[3].truth["lnmfn"].endswith("lnmfn_on_raw_quality")
    assert len(s.sha256) == 64 and s.choices


def test_defaults_precedence_and_normalised_formula(tmp_path):
    s = load_study(_write(tmp_path, BASE))
    c1, c2 = s.table("t_reg").columns
    assert c1.vcov == "hetero"                       # table default beats study default
    assert c2.vcov_str == "CRV1:hs6" and c2.cluster_vars == ["hs6"]  # column beats table
    assert c2.formula == "y ~ x | hs6^importer+year"  # FE without spaces (etable bug)
    assert c2.parsed.fixef_str == "hs6^importer+year"
    assert s.label("_cons") == "Constant"


@pytest.mark.parametrize("mutate, needles", [
    (lambda s: s["tables"][1]["columns"][1].update(vcov={"CRV9": "hs6"}), ["t_reg", "(2)", "vcov"]),
    (lambda s: s["tables"][1]["columns"][0].update(estimator="probit"), ["t_reg", "(1)", "estimator", "probit"]),
    (lambda s: s["tables"][1]["columns"][0].update(formual="y ~ x"), ["t_reg", "(1)", "formual"]),
    (lambda s: s["tables"][1]["columns"][1].update(formula="y x"), ["t_reg", "(2)", "formula"]),
    (lambda s: s["tables"][1]["columns"][1]["paper"].update(x=[0.1, "se"]), ["t_reg", "(2)", "paper", "x"]),
    (lambda s: s["tables"][1]["columns"][1].update(truth={"x": 3}), ["t_reg", "(2)", "truth"]),
    (lambda s: s["tables"][1]["columns"][1].update(fixef_rm="all"), ["t_reg", "(2)", "fixef_rm"]),
    (lambda s: s["tables"][0]["paper"].update(x=[1, 2, 3]), ["t_desc", "paper", "'x'"]),
    (lambda s: s["tables"][0].update(statistics=["N", "kurtosis"]), ["t_desc", "kurtosis"]),
    (lambda s: s["tables"][1].update(kind="plot"), ["t_reg", "kind"]),
    (lambda s: s["tables"].append(copy.deepcopy(s["tables"][0])), ["duplicate table ids"]),
    (lambda s: s.pop("panel"), ["panel"]),
])
def test_errors_name_file_table_column(tmp_path, mutate, needles):
    spec = copy.deepcopy(BASE)
    mutate(spec)
    path = _write(tmp_path, spec)
    with pytest.raises(SpecError) as exc:
        load_study(path)
    msg = str(exc.value)
    assert path in msg
    for n in needles:
        assert n in msg, (n, msg)


def test_bad_yaml_and_missing_file(tmp_path):
    p = tmp_path / "broken.yml"
    p.write_text("study: [unclosed\n")
    with pytest.raises(SpecError, match="broken.yml"):
        load_study(p)
    with pytest.raises(SpecError, match="no_such_study"):
        load_study("no_such_study")


def test_formula_parsing():
    p = parse_formula("lnq ~ did + x | hs6 ^ importer + year | d ~ z")
    assert (p.depvar, p.rhs, p.fixef, p.iv) == ("lnq", "did + x", ("hs6^importer", "year"), "d ~ z")
    assert p.variables() == ["lnq", "did", "x", "d", "z", "hs6", "importer", "year"]
    assert parse_formula("y ~ x | 0").fixef == ()
    assert fe_key("importer^hs6") == fe_key("hs6^importer") != fe_key("hs6")
    with pytest.raises(ValueError):
        parse_formula("log(y) ~ x")
