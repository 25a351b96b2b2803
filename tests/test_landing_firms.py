"""Landing the firm-level sources: GB18030 transcoding with undecodable lines kept as parse
errors (file, row, column, raw bytes), header spellings across vintages, absent optional
columns, and a clear error for a missing required column."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tradewh.landing.csv_files import RawFormatError
from tradewh.landing.land import land_raw
from tradewh.landing.sources_firms import CUSTOMS_OPTIONAL, CUSTOMS_REQUIRED
from tradewh.landing.transcode import transcode_to_utf8

HEADER = ",".join(CUSTOMS_REQUIRED)
ROW = "2008-{m:02d},0,{hs},{v},10,3301060017,杭州新达电子有限公司,502,加工贸易"


def _rows(n: int) -> list[str]:
    return [ROW.format(m=i % 12 + 1, hs=85423100 + i, v=100 + i) for i in range(n)]


def _write_gb18030(path, lines: list[str], broken: dict[int, int]) -> None:
    """Lines in GB18030; data row k (1-based) gets byte 0xFF at character offset broken[k]."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.write((HEADER + "\n").encode("gb18030"))
        for k, line in enumerate(lines, start=1):
            data = line.encode("gb18030")
            if k in broken:
                at = len(line[: broken[k]].encode("gb18030"))
                data = data[:at] + b"\xff" + data[at + 1:]
            f.write(data + b"\n")


def _landed(landing, source="customs_transactions"):
    return duckdb.sql(f"select * from '{landing}/raw/{source}/*.parquet' order by _source_row").df()


def _errors(landing):
    return duckdb.sql(f"select * from '{landing}/inventory/parse_errors.parquet' "
                      "order by source_row").df()


def test_undecodable_gb18030_line_is_a_parse_error_and_everything_else_lands(tmp_path):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    lines = _rows(40)
    name_at = lines[6].index("杭州")                      # inside 经营单位 of data row 7
    _write_gb18030(raw / "customs" / "customs_2008.csv", lines, {7: name_at, 31: 0})
    inv = land_raw(raw, landing, progress=lambda _: None)
    row = inv[inv.source == "customs_transactions"].iloc[0]
    assert (row.n_records, row.n_landed, row.n_parse_errors, row.n_nonblank_lines) == (40, 38, 2, 40)
    landed = _landed(landing)
    assert list(landed._source_row) == [r for r in range(1, 41) if r not in (7, 31)]
    assert landed.loc[landed._source_row == 8, "经营单位"].item() == "杭州新达电子有限公司"
    assert landed.loc[landed._source_row == 8, "金额"].item() == str(100 + 7)
    err = _errors(landing)
    assert list(err.source_row) == [7, 31] and list(err.line) == [8, 32]
    assert list(err.column_name) == ["经营单位", "日期"]
    assert set(err.source_file) == {"customs/customs_2008.csv"}
    assert set(err.error_type) == {"INVALID ENCODING"}
    assert err.raw_line[0].startswith("2008-07,0,85423106,106,10,3301060017,\\xff")  # bytes kept


def test_transcoding_streams_in_chunks_with_the_same_result(tmp_path):
    lines = _rows(500)
    src = tmp_path / "customs_2009.csv"
    _write_gb18030(src, lines, {3: 0, 250: 30, 499: 40})
    whole, small = tmp_path / "whole.csv", tmp_path / "small.csv"
    a = transcode_to_utf8(src, whole, "gb18030", "customs/customs_2009.csv")
    b = transcode_to_utf8(src, small, "gb18030", "customs/customs_2009.csv", chunk_size=97)
    assert a.removed_rows == b.removed_rows == [3, 250, 499]
    assert a.errors == b.errors
    assert whole.read_bytes() == small.read_bytes()
    text = small.read_text(encoding="utf-8").splitlines()
    assert len(text) == 1 + 500 - 3 and text[1] == lines[0] and text[-1] == lines[-1]


def test_header_spellings_and_absent_optional_columns(tmp_path):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    (raw / "customs").mkdir(parents=True)
    header_2013 = "企业编码,经营单位,日期,进口或出口,HS编码,金额(美元),数量,单位,起运国或目的国,贸易方式"
    (raw / "customs" / "customs_2013.csv").write_text(
        header_2013 + "\n3301060017,杭州新达电子有限公司,201303,出口,85423100,500,2,个,美国,一般贸易\n",
        encoding="utf-8")
    stata = ",".join("_" + c for c in CUSTOMS_REQUIRED)        # a Stata export's names
    _write_gb18030(raw / "customs" / "customs_2010.csv", [], {})
    (raw / "customs" / "customs_2010.csv").write_bytes(
        (stata + "\n" + ROW.format(m=3, hs=1012100, v=9) + "\n").encode("gb18030"))
    land_raw(raw, landing, progress=lambda _: None)
    df = _landed(landing).set_index("_source_file")
    assert set(CUSTOMS_REQUIRED + CUSTOMS_OPTIONAL) <= set(df.columns)
    new, old = df.loc["customs/customs_2013.csv"], df.loc["customs/customs_2010.csv"]
    assert (new["税号编码"], new["金额"], new["计量单位"]) == ("85423100", "500", "个")
    assert (old["税号编码"], old["经营单位"], old["贸易方式"]) == ("1012100", "杭州新达电子有限公司", "加工贸易")
    assert pd.isna(new["单位地址"]) and pd.isna(old["计量单位"])
    assert not any(c.startswith("_") and c not in ("_source_file", "_source_row") for c in df.columns)


def test_gb18030_vintage_resaved_as_utf8_still_lands(tmp_path):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    (raw / "customs").mkdir(parents=True)
    (raw / "customs" / "customs_2009.csv").write_text(HEADER + "\n" + "\n".join(_rows(3)) + "\n",
                                                     encoding="utf-8")
    land_raw(raw, landing, progress=lambda _: None)
    assert list(_landed(landing)["经营单位"]) == ["杭州新达电子有限公司"] * 3


def test_survey_file_missing_a_required_column_names_file_and_column(tmp_path):
    raw = tmp_path / "raw"
    (raw / "asif").mkdir(parents=True)
    (raw / "asif" / "asif_2005.csv").write_text(
        "法人代码,企业名称,登记注册类型,工业总产值,产品销售收入,出口交货值,全部从业人员年平均人数\n"
        "12345678-9,杭州新达电子有限公司,173,100,100,0,20\n", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"asif/asif_2005\.csv: missing required column\(s\) "
                                             r"'行业代码'.*'行业代码' may also be spelled '国民经济行业代码'"):
        land_raw(raw, tmp_path / "landing", progress=lambda _: None)


def test_a_column_under_two_spellings_is_an_error(tmp_path):
    raw = tmp_path / "raw"
    (raw / "customs").mkdir(parents=True)
    (raw / "customs" / "customs_2005.csv").write_text(
        HEADER + ",HS编码\n" + ROW.format(m=1, hs=85423100, v=1) + ",85423100\n", encoding="utf-8")
    with pytest.raises(RawFormatError, match="税号编码.*more than one header spelling"):
        land_raw(raw, tmp_path / "landing", progress=lambda _: None)
