"""The panel's Great Expectations suite passes on the built panel and fails on corruptions."""
from __future__ import annotations

import duckdb
import pytest

from expectations.runner import validate_frame

PANEL = "panel_ai_policy_quality"


@pytest.fixture(scope="module")
def panel(tiny_built):
    with duckdb.connect(str(tiny_built.warehouse), read_only=True) as con:
        return con.execute(f"select * from marts.{PANEL}").df()


def test_built_panel_passes(panel):
    outcome = validate_frame(PANEL, panel)
    assert outcome.passed, outcome.summary()
    assert outcome.n_rows == len(panel) and outcome.n_expectations > 10


# The suite's own checks (distributions, completeness, coverage). Keys, code formats and
# identities (duplicates, a lost leading zero, did != treat*post, lnquality outside [0, 1]) are
# dbt tests: tests/test_check_ownership.py corrupts a warehouse copy for those.
@pytest.mark.parametrize("corrupt, expectation", [
    (lambda p: p[p.year != 2013], "expect_column_distinct_values_to_equal_set"),  # a year lost
    (lambda p: p.assign(quality_raw_s3=p.quality_raw_s3 * 100), "expect_column_values_to_be_between"),
    (lambda p: p.assign(v_kusd=-p.v_kusd), "expect_column_values_to_be_between"),
    (lambda p: p.assign(treat=1, did=p.post), "expect_column_mean_to_be_between"),   # everything treated
    (lambda p: p.assign(has_controls=False), "expect_column_mean_to_be_between"),
    (lambda p: p.assign(did=None), "expect_column_values_to_not_be_null"),
    (lambda p: p.assign(lnquality=None), "expect_column_values_to_not_be_null"),
])
def test_corrupted_panel_fails_with_the_right_expectation(panel, corrupt, expectation):
    outcome = validate_frame(PANEL, corrupt(panel.copy()))
    assert not outcome.passed
    assert expectation in {f["expectation"] for f in outcome.failures}, outcome.summary()


def test_a_year_with_too_few_rows_fails_the_rows_per_year_check(panel):
    thin = panel[(panel.year != 2014) | (panel.index % 5 == 0)]
    outcome = validate_frame(PANEL, thin)
    assert [f["frame"] for f in outcome.failures] == ["rows_per_year"], outcome.summary()
