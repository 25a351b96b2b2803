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
    assert outcome.n_rows == len(panel) and outcome.n_expectations > 20


@pytest.mark.parametrize("corrupt, expectation", [
    (lambda p: p.assign(did=1), "expect_column_values_to_be_in_set"),            # did != treat*post
    (lambda p: p.iloc[list(range(len(p))) + [0]], "expect_compound_columns_to_be_unique"),
    (lambda p: p[p.year != 2013], "expect_column_distinct_values_to_equal_set"),  # a year lost
    (lambda p: p.assign(lnquality=p.lnquality * 3), "expect_column_values_to_be_between"),
    (lambda p: p.assign(hs6=p.hs6.str[1:]), "expect_column_values_to_match_regex"),  # lost zero
])
def test_corrupted_panel_fails_with_the_right_expectation(panel, corrupt, expectation):
    outcome = validate_frame(PANEL, corrupt(panel.copy()))
    assert not outcome.passed
    assert expectation in {f["expectation"] for f in outcome.failures}, outcome.summary()


def test_a_year_with_too_few_rows_fails_the_rows_per_year_check(panel):
    thin = panel[(panel.year != 2014) | (panel.index % 5 == 0)]
    outcome = validate_frame(PANEL, thin)
    assert [f["frame"] for f in outcome.failures] == ["rows_per_year"], outcome.summary()
