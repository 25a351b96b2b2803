"""The command line: estimates refused on a corrupt panel, SQL read-only, clear errors."""
from __future__ import annotations

import duckdb

from orchestration.cli import main


def _args(paths):
    return ["--raw-dir", str(paths.raw_dir), "--warehouse", str(paths.warehouse), "--output", str(paths.output)]


def test_estimate_refuses_a_corrupt_panel_and_writes_nothing(tiny_copy, capsys):
    # a study year lost (a GX check; a broken key, format or identity fails the dbt tests of
    # `tradewh build` instead, see tests/test_check_ownership.py)
    with duckdb.connect(str(tiny_copy.warehouse)) as con:
        con.execute("delete from marts.panel_ai_policy_quality where year = 2013")
    code = main(["estimate", "--study", "ai_policy_quality", *_args(tiny_copy)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED" in out and "expect_column_distinct_values_to_equal_set" in out
    assert "no estimate written" in out
    assert not (tiny_copy.output / "estimates" / "ai_policy_quality__estimates.parquet").exists()
    assert not (tiny_copy.output / "ai_policy_quality").exists()


def test_check_passes_on_the_built_warehouse(tiny_built, capsys):
    for study in ("ai_policy_quality", "province_digital_tsi", "robots_dvar", "trade_digitization_quality"):
        assert main(["check", "--study", study, *_args(tiny_built)]) == 0, capsys.readouterr().out
        assert f"panel_{study}: PASSED" in capsys.readouterr().out


def test_check_blocks_a_panel_whose_quality_is_mostly_missing(tiny_built, capsys):
    # the tiny universe exports too few varieties per HS6 product for paper 002's per-product
    # quality step (dpq_quality_min_obs): most study rows have no quality, and the suite says so
    assert main(["check", *_args(tiny_built)]) == 1
    out = capsys.readouterr().out
    assert "panel_digital_patents_quality: FAILED" in out
    failed = [line for line in out.splitlines() if line.startswith("  - ")]
    assert failed and all("expect_column_values_to_not_be_null(qua" in line for line in failed), failed


def test_sql_is_read_only_and_resolves_mart_names(tiny_built, capsys):
    assert main(["sql", "select count(*) as n from panel_ai_policy_quality", *_args(tiny_built)]) == 0
    assert "n" in capsys.readouterr().out
    assert main(["sql", "create table x as select 1", *_args(tiny_built)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()


def test_missing_raw_directory_is_a_one_line_error(tmp_path, capsys):
    code = main(["build", "--raw-dir", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert code == 2
    assert "raw directory" in capsys.readouterr().err
