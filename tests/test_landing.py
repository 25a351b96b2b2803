"""The landing step: headers checked, unparseable lines kept with their rows, Excel landed."""
from __future__ import annotations

import duckdb
import openpyxl
import pytest

from tradewh.landing.csv_files import RawFormatError
from tradewh.landing.land import land_raw

BACI = "baci/BACI_HS96_Y2015_V202401b.csv"


def _write(raw, rel, text):
    f = raw / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")
    return f


def _land_baci(tmp_path, text):
    """Land a BACI file holding ``text``: its inventory row and the landed (k, source row) pairs."""
    raw = tmp_path / "raw"
    _write(raw, BACI, text)
    inv = land_raw(raw, tmp_path / "landing", progress=lambda _: None)
    landed = duckdb.sql(f"select k, _source_row from '{tmp_path}/landing/raw/baci_flows/*.parquet' "
                        "order by _source_row").fetchall()
    return inv[inv.source == "baci_flows"].iloc[0], landed


def test_unparseable_lines_are_kept_and_rows_keep_their_numbers(tmp_path):
    row, landed = _land_baci(tmp_path, "t,i,j,k,v,q\n"
           "2015,156,842,010121,1.0,1.0\n"
           "2015,156,842,010122,1.0,1.0,7\n"      # row 2: one field too many
           "2015,156,842,010123,1.0\n"            # row 3: one field too few
           "2015,156,842,010124,2.0,   NA\n")     # row 4
    assert (row.n_records, row.n_landed, row.n_parse_errors, row.n_nonblank_lines) == (4, 2, 2, 4)
    assert landed == [("010121", 1), ("010124", 4)]
    errors = duckdb.sql(f"select source_row, error_type, raw_line from "
                        f"'{tmp_path}/landing/inventory/parse_errors.parquet' order by 1").fetchall()
    assert [(r, t) for r, t, _ in errors] == [(2, "TOO MANY COLUMNS"), (3, "MISSING COLUMNS")]
    assert errors[0][2] == "2015,156,842,010122,1.0,1.0,7"


def test_stray_quote_is_rejected_line_by_line_not_merged(tmp_path):
    """A record of BACI is one line: an unbalanced quote must not merge lines into one record
    (DuckDB alone lands rows 2-4 below as ONE record with k = '010122,1.0,1.0\n2015,...'). The
    unbalanced lines are rejected, naming file and line; the line between them lands; nothing
    is lost (records = landed + errors = non-blank lines)."""
    row, landed = _land_baci(tmp_path, "t,i,j,k,v,q\n"
           "2015,156,842,010121,1.0,1.0\n"
           '2015,156,842,"010122,1.0,1.0\n'      # row 2 (line 3): opens a quote ...
           "2015,156,842,010123,1.0,1.0\n"
           '2015,156,842,010124",1.0,1.0\n'      # row 4 (line 5): ... closed here
           "2015,156,842,010125,1.0,1.0\n")
    assert (row.n_records, row.n_landed, row.n_parse_errors, row.n_nonblank_lines) == (5, 3, 2, 5)
    assert not row.multiline_records
    assert landed == [("010121", 1), ("010123", 3), ("010125", 5)]
    errors = duckdb.sql(f"select line, source_row, column_name, error_type, error_message, raw_line "
                        f"from '{tmp_path}/landing/inventory/parse_errors.parquet' order by 1").fetchall()
    assert [e[:4] for e in errors] == [(3, 2, "k", "UNBALANCED QUOTE"), (5, 4, "k", "UNBALANCED QUOTE")]
    assert errors[0][4].startswith(f"{BACI}, line 3: unbalanced quote")
    assert errors[1][5] == '2015,156,842,010124",1.0,1.0'


def test_quote_that_never_closes_is_rejected_not_a_crash(tmp_path):
    """In a small file a quote that never closes left DuckDB's sniffer with no dialect: the
    landing step crashed ("Error when sniffing file"). The line is rejected, the rest lands."""
    row, landed = _land_baci(tmp_path, "t,i,j,k,v,q\n"
           "2015,156,842,010121,1.0,1.0\n"
           '2015,392,842,"850440,12.000,1.000\n'
           "2015,276,842,847130,55.000,NA\n")
    assert (row.n_records, row.n_landed, row.n_parse_errors, row.n_nonblank_lines) == (3, 2, 1, 3)
    assert landed == [("010121", 1), ("847130", 3)]


def test_quoted_line_break_is_one_record_where_the_format_allows_it(tmp_path):
    """WDICountry's notes are free text (RawSource.multiline_records): a quoted line break
    keeps its record whole, so records < lines there (the dbt check only warns)."""
    raw = tmp_path / "raw"
    _write(raw, "wdi/WDICountry.csv", '"Country Code","Table Name","Region","Income Group","Special Notes"\n'
           '"CHN","China","East Asia & Pacific","Upper middle income","Fiscal year ends\non 31 December."\n'
           '"USA","United States","North America","High income",""\n')
    inv = land_raw(raw, tmp_path / "landing", progress=lambda _: None)
    row = inv[inv.source == "wdi_countries"].iloc[0]
    assert (row.n_records, row.n_landed, row.n_parse_errors, row.n_nonblank_lines) == (2, 2, 0, 3)
    assert row.multiline_records
    notes = duckdb.sql(f"select \"Special Notes\" from '{tmp_path}/landing/raw/wdi_countries/*.parquet' "
                       "order by _source_row").fetchall()
    assert notes[0] == ("Fiscal year ends\non 31 December.",)


def test_missing_required_column_names_file_and_column(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, BACI, "t,i,j,k,v\n2015,156,842,010121,1.0\n")
    with pytest.raises(RawFormatError, match=r"BACI_HS96_Y2015_V202401b\.csv: missing required column\(s\) 'q'"):
        land_raw(raw, tmp_path / "landing", progress=lambda _: None)


def test_required_source_without_files_is_a_clear_error(tmp_path):
    (tmp_path / "raw").mkdir()
    with pytest.raises(RawFormatError, match="required source 'baci_flows' has no files"):
        land_raw(tmp_path / "raw", tmp_path / "landing", require=["baci_flows"], progress=lambda _: None)


def test_absent_optional_source_lands_as_an_empty_table(tmp_path):
    (tmp_path / "raw").mkdir()
    land_raw(tmp_path / "raw", tmp_path / "landing", progress=lambda _: None)
    cols = duckdb.sql(f"select * from '{tmp_path}/landing/raw/ifr_robots/*.parquet'").columns
    assert {"country", "industry_code", "year", "_source_file", "_source_row"} <= set(cols)


def test_unchanged_files_are_not_landed_again(tmp_path):
    raw = tmp_path / "raw"
    _write(raw, BACI, "t,i,j,k,v,q\n2015,156,842,010121,1.0,1.0\n")
    said: list[str] = []
    land_raw(raw, tmp_path / "landing", progress=said.append)
    land_raw(raw, tmp_path / "landing", progress=said.append)
    assert sum("BACI_HS96_Y2015" in m for m in said) == 1
    _write(raw, BACI, "t,i,j,k,v,q\n2015,156,842,010121,1.0,1.0\n2015,156,842,010122,1.0,1.0\n")
    inv = land_raw(raw, tmp_path / "landing", progress=said.append)
    assert int(inv.loc[inv.source == "baci_flows", "n_landed"].iloc[0]) == 2


def test_ifr_excel_workbook_is_landed_with_sheet_rows(tmp_path):
    raw = tmp_path / "raw"
    (raw / "ifr").mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["country", "industry_code", "year", "installations", "operational_stock"])
    ws.append(["CHN", "29", 2015, 100, 500])
    ws.append(["CHN", "26-27", 2015, 50, None])
    wb.save(raw / "ifr" / "world_robotics.xlsx")
    land_raw(raw, tmp_path / "landing", progress=lambda _: None)
    rows = duckdb.sql(f"select industry_code, year, installations, operational_stock, country_name, "
                      f"_source_file, _source_row from '{tmp_path}/landing/raw/ifr_robots/*.parquet' "
                      "order by _source_row").fetchall()
    assert rows == [("29", "2015", "100", "500", None, "ifr/world_robotics.xlsx", 2),
                    ("26-27", "2015", "50", None, None, "ifr/world_robotics.xlsx", 3)]
