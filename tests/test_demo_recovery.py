"""On the demo universe, Table 3's DID on raw quality recovers the planted effect.

Builds the demo scale (~100k China flows) once: about a minute."""
from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def demo_result(demo_built):
    from orchestration.pipeline import estimate

    paths = demo_built
    result = estimate(paths, "ai_policy_quality", tables=["table3_raw"], progress=lambda _: None)
    truth = json.loads((paths.raw_dir / "truth.json").read_text())["studies"]["ai_policy_quality"]
    return result, truth


def test_did_on_raw_quality_covers_the_planted_effect_and_is_significant(demo_result):
    result, truth = demo_result
    est = result.estimates.set_index(["table_id", "column", "term"])
    did = est.loc[("table3_raw", "(4)", "did")]
    att = truth["controls_sample"]["att"]  # column (4) keeps the rows with controls
    assert did.conf_low <= att <= did.conf_high, (did.estimate, did.std_error, att)
    assert did.p_value < 0.01
    tariff = est.loc[("table3_raw", "(4)", "lnmfn")]
    assert tariff.conf_low <= truth["lnmfn_on_raw_quality"] <= tariff.conf_high


def test_report_states_estimate_truth_and_coverage(demo_result):
    result, truth = demo_result
    text = result.report_path.read_text(encoding="utf-8")
    assert "truth.json: present" in text
    row = next(line for line in text.splitlines()
               if line.startswith("| (4) | post_t×treat_h") and f"{truth['controls_sample']['att']:.4g}" in line)
    assert "| yes |" in row
