"""Loaders for the official reference files (tradewh.landing).

Two kinds of tests:
* facts measured from the real UN / Broda-Weinstein / Comtrade files (reference directory =
  $TRADEWH_REFERENCE_DIR, else <repo>/../shared/reference; skipped if neither exists);
* format errors and traps on small files fabricated in tmp_path (always run).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tradewh.landing import (
    ExcelReadError,
    ReferenceFormatError,
    excel_to_parquet,
    land_reference_dir,
    read_bw_sigmas,
    read_comtrade_classification,
    read_un_hs_bec,
    read_un_hs_conversion,
    read_un_hs_sitc2,
)

REPO = Path(__file__).resolve().parents[1]
TABLES = ("hs_to_hs96", "hs_bec", "hs_sitc2", "bw_sigma", "hs96_codes", "bec_codes")

F_CONV = {
    "H2": "HS2002 to HS1996 - Correlation and conversion tables.xls",
    "H3": "HS 2007 to HS 1996 Correlation and conversion tables.xls",
    "H4": "HS 2012 to HS 1996 Correlation and conversion tables.xls",
    "H5": "HS2017toHS1996ConversionAndCorrelationTables.xlsx",
    "H6": "HS2022toHS1996ConversionAndCorrelationTables.xlsx",
}
F_BEC = {n: f"HS{y} to BEC Conversion and Correlation Tables.csv"
         for n, y in (("H1", 1996), ("H2", 2002), ("H3", 2007), ("H4", 2012), ("H5", 2017))}
F_SITC = "HS 2012 to SITC2 Correlation and conversion tables.xls"
F_BW = "Sigmas73countries_9403_HS3digit.dta"

# (table, file): from_nomen, n_links, n_from_codes, n_to_codes, n_one_to_one, n_split, n_merged,
#                n_many_to_many, n_unmapped_from   -- measured from the official files
EXPECTED_COVERAGE = {
    ("hs_to_hs96", F_CONV["H2"]): ("H2", 5611, 5224, 5113, 4744, 148, 220, 445, 0),
    ("hs_to_hs96", F_CONV["H3"]): ("H3", 6053, 5052, 5113, 4080, 403, 488, 1018, 0),
    ("hs_to_hs96", F_CONV["H4"]): ("H4", 6420, 5205, 5113, 3899, 496, 618, 1116, 0),
    ("hs_to_hs96", F_CONV["H5"]): ("H5", 7468, 5387, 5113, 3659, 575, 894, 2096, 0),
    ("hs_to_hs96", F_CONV["H6"]): ("H6", 18600, 5613, 5114, 2822, 709, 1835, 13239, 0),
    ("hs_bec", F_BEC["H1"]): ("H1", 5332, 5113, 19, 0, 201, 18, 421, 2),
    ("hs_bec", F_BEC["H2"]): ("H2", 5349, 5224, 19, 0, 107, 19, 234, 2),
    ("hs_bec", F_BEC["H3"]): ("H3", 5050, 5050, 19, 0, 0, 19, 0, 0),
    ("hs_bec", F_BEC["H4"]): ("H4", 5281, 5205, 19, 0, 76, 19, 154, 2),
    ("hs_bec", F_BEC["H5"]): ("H5", 5511, 5386, 19, 0, 100, 19, 225, 0),
    ("hs_sitc2", F_SITC): ("H4", 11539, 5206, 1832, 369, 1916, 1344, 8132, 2),
}
COV_COLS = ("from_nomen", "n_links", "n_from_codes", "n_to_codes", "n_one_to_one", "n_split",
            "n_merged", "n_many_to_many", "n_unmapped_from")
BEC_CODES = {"111", "112", "121", "122", "21", "22", "31", "32", "322", "41", "42", "51", "521",
             "522", "53", "61", "62", "63", "7"}
LABELS = {"1:1", "1:n", "n:1", "n:n"}


def _reference_dir() -> Path | None:
    env = os.environ.get("TRADEWH_REFERENCE_DIR")
    for cand in ([Path(env).expanduser()] if env else []) + [REPO.parent / "shared" / "reference"]:
        if cand.is_dir():
            return cand
    return None


@pytest.fixture(scope="module")
def ref_dir() -> Path:
    ref = _reference_dir()
    if ref is None:
        pytest.skip("official reference files not found: set TRADEWH_REFERENCE_DIR to a directory "
                    "laid out like ../shared/reference (un_hs_conversion/, un_hs_bec/, ...)")
    return ref


@pytest.fixture(scope="module")
def landed(ref_dir, tmp_path_factory):
    """Land the whole reference directory once; read every Parquet back."""
    out = tmp_path_factory.mktemp("landing")
    result = land_reference_dir(ref_dir, out)
    frames = {t: pd.read_parquet(out / "reference" / f"{t}.parquet") for t in TABLES}
    frames["coverage"] = pd.read_parquet(out / "reference" / "coverage.parquet")
    return {"dir": out, "result": result, "frames": frames}


def _cov(landed, table, source_file) -> pd.Series:
    cov = landed["frames"]["coverage"]
    row = cov[(cov["table"] == table) & (cov["source_file"] == source_file)]
    assert len(row) == 1, (table, source_file, cov[["table", "source_file"]].values.tolist())
    return row.iloc[0]


# --------------------------------------------------------------------------- real files

@pytest.mark.reference
def test_land_writes_every_table_with_measured_row_counts(landed):
    res = landed["result"]
    assert res["skipped"] == []
    assert res["written"] == {"hs_to_hs96": 44152, "hs_bec": 26529, "hs_sitc2": 11541,
                              "bw_sigma": 11293, "hs96_codes": 6473, "bec_codes": 29, "coverage": 14}
    for t, n in res["written"].items():
        assert len(landed["frames"][t]) == n
    files = sorted(p.name for p in (landed["dir"] / "reference").iterdir())
    assert files == sorted([f"{t}.parquet" for t in TABLES] + ["coverage.parquet"])  # no temp files


@pytest.mark.reference
@pytest.mark.parametrize("key", sorted(EXPECTED_COVERAGE), ids=lambda k: f"{k[0]}:{k[1][:18]}")
def test_coverage_counts_per_file(landed, key):
    row = _cov(landed, *key)
    got = tuple(row[c] if c == "from_nomen" else int(row[c]) for c in COV_COLS)
    assert got == EXPECTED_COVERAGE[key]
    assert int(row["n_codes_lost_leading_zero"]) == 0   # the UN files store codes as text


@pytest.mark.reference
def test_conversion_sheet_cross_check_counts(landed):
    def c(f, col):
        return int(_cov(landed, "hs_to_hs96", F_CONV[f])[col])
    # HS2002 140390 and the 999999 pseudo-code appear only in the conversion sheets
    assert [c(f, "n_from_only_in_conversion_sheet") for f in ("H2", "H3", "H4", "H5", "H6")] == [1, 0, 1, 1, 0]
    # HS2007 844331/2/9 -> 844359 (numeric cells) and HS2002 810930 -> 810990 contradict the correlation
    assert [c(f, "n_conversion_links_not_in_correlation") for f in ("H2", "H3", "H4", "H5", "H6")] == [1, 3, 0, 0, 0]


@pytest.mark.reference
def test_hs_to_hs96_codes_text_with_leading_zeros(landed):
    df = landed["frames"]["hs_to_hs96"]
    assert df["from_code"].str.fullmatch(r"\d{6}").all() and df["to_code"].str.fullmatch(r"\d{6}").all()
    assert set(df["to_nomen"]) == {"H1"}
    assert set(df["from_nomen"]) == {"H2", "H3", "H4", "H5", "H6"}
    assert set(df["relationship"]) == LABELS          # HS2002 "'n:n", HS2012 'n to n' normalised
    # chapter 01 live horses: HS2017 010121 splits over HS1996 010111 and 010120 (n:n)
    h5 = df[(df["from_nomen"] == "H5") & (df["from_code"] == "010121")]
    assert sorted(zip(h5["to_code"], h5["relationship"])) == [("010111", "n:n"), ("010120", "n:n")]
    first = df[df["from_nomen"] == "H2"].iloc[0]
    assert (first["from_code"], first["to_code"], first["source_row"]) == ("010110", "010111", 2)
    h4 = df[df["from_nomen"] == "H4"]
    n_targets = h4.groupby("from_code")["to_code"].nunique()
    one_to_n = h4[h4["relationship"] == "1:n"]
    assert len(one_to_n) == 595 and n_targets[one_to_n["from_code"].unique()].min() > 1


@pytest.mark.reference
def test_hs_to_hs96_uses_correlation_sheet_not_conversion(landed):
    df = landed["frames"]["hs_to_hs96"]
    h3 = df[(df["from_nomen"] == "H3") & (df["from_code"] == "844331")]
    assert set(h3["to_code"]) == {"844351", "847160", "851721", "900911", "900912"}
    assert set(h3["source_sheet"]) == {"Correlation Tables"}
    assert not ((df["from_nomen"] == "H2") & (df["from_code"] == "140390")).any()
    assert set(df.loc[df["from_nomen"] == "H6", "source_sheet"]) == {"HS2022-HS1996 Correlations"}


@pytest.mark.reference
def test_supplement_from_conversion_adds_conversion_only_codes(ref_dir):
    df = read_un_hs_conversion(ref_dir / "un_hs_conversion" / F_CONV["H2"], supplement_from_conversion=True)
    added = df[df["source_sheet"] == "Conversion Table"]
    assert added[["from_code", "to_code", "source_row"]].values.tolist() == [["140390", "140390", 489]]


@pytest.mark.reference
def test_hs_to_hs96_targets_exist_in_comtrade_hs96(landed):
    codes = set(landed["frames"]["hs96_codes"]["code"])
    assert set(landed["frames"]["hs_to_hs96"]["to_code"]) <= codes
    h1 = landed["frames"]["hs_bec"]
    assert set(h1.loc[h1["hs_nomen"] == "H1", "hs6"]) <= codes


@pytest.mark.reference
def test_hs_bec_codes_unpadded_and_traps(landed):
    df = landed["frames"]["hs_bec"]
    assert set(df["bec"].dropna()) == BEC_CODES          # '41', '7' as published, never '410'
    assert df["hs6"].str.fullmatch(r"\d{6}").all()
    assert set(df["relationship"].dropna()) == {"n:1", "n:n", "1:n"}   # '1 to 1' never published
    # HS1996 line 843: '271000,32,1ToN'
    r = df[(df["hs_nomen"] == "H1") & (df["source_row"] == 843)].iloc[0]
    assert (r["hs6"], r["bec"], r["relationship"]) == ("271000", "32", "1:n")
    # 'n/a' BEC for monetary gold / coin -> null target, kept as unmapped
    na = df[df["bec"].isna()]
    assert sorted(zip(na["hs_nomen"], na["hs6"])) == sorted(
        (n, c) for n in ("H1", "H2", "H4") for c in ("710820", "711890"))
    # HS2007 file: '0101.10' codes, no Relationship column -> computed labels
    h3 = df[df["hs_nomen"] == "H3"]
    assert h3.iloc[0][["hs6", "bec", "relationship", "source_row"]].tolist() == ["010110", "41", "n:1", 2]
    assert set(h3["relationship"]) == {"n:1"}
    # intermediates in SNA terms exist unpadded
    assert {"111", "121", "21", "22", "31", "322", "42", "53"} <= set(df["bec"].dropna())


@pytest.mark.reference
def test_hs_sitc2_facts(landed):
    df = landed["frames"]["hs_sitc2"]
    assert set(df["hs_nomen"]) == {"H4"}
    s = df["sitc2"].dropna()
    assert s.str.len().value_counts().to_dict() == {5: 8943, 4: 2596}
    assert (df["sitc2_3digit"].dropna() == s.str[:3]).all()
    assert sorted(df.loc[df["sitc2"].isna(), "hs6"]) == ["710820", "711890"]
    live_bovine = df[df["hs6"] == "010221"]
    assert live_bovine[["sitc2", "sitc2_3digit"]].values.tolist() == [["00111", "001"]]
    # last row 'n/a -> 9110' (postal packages) has no HS source and is dropped, not carried down
    assert df.loc[df["hs6"] == "999999", "sitc2"].tolist() == ["9310"]
    assert "9110" not in set(s)
    assert int(_cov(landed, "hs_sitc2", F_SITC)["n_unmapped_to"]) == 1


@pytest.mark.reference
def test_bw_sigmas_china(landed):
    df = landed["frames"]["bw_sigma"]
    assert len(df) == 11293 and df["ccode"].nunique() == 73 and df["hs3"].nunique() == 171
    assert df["hs3"].str.fullmatch(r"\d{3}").all()
    assert df.iloc[0][["cname", "hs3"]].tolist() == ["Australia", "010"]   # 10.0 -> '010'
    china = df[df["cname"] == "China"]
    assert set(china["ccode"]) == {62}
    assert china["hs3"].nunique() == len(china) == 170
    assert china["sigma"].median() == pytest.approx(3.4286, abs=1e-3)
    assert china["sigma"].max() == pytest.approx(108.19, abs=0.01)
    assert int(_cov(landed, "bw_sigma", F_BW)["n_codes_lost_leading_zero"]) == 15
    h1_prefixes = set(landed["frames"]["hs96_codes"].query("level == 6")["code"].str[:3])
    assert set(df["hs3"]) <= h1_prefixes


@pytest.mark.reference
def test_comtrade_code_lists(landed):
    hs, bec = landed["frames"]["hs96_codes"], landed["frames"]["bec_codes"]
    assert hs["level"].value_counts().to_dict() == {6: 5134, 4: 1242, 2: 97}
    assert int(hs["is_legacy"].sum()) == 20
    assert not ({"ALL", "TOTAL", "AG2", "AG4", "AG6"} & set(hs["code"]))
    assert "010121" not in set(hs["code"]) and "010111" in set(hs["code"])   # HS2007 vs HS1996 code
    assert hs.loc[hs["code"] == "01", "parent"].isna().all()
    assert hs.loc[hs["code"] == "010111", ["parent", "description"]].values.tolist() == [
        ["0101", "Horses; live, pure-bred breeding animals"]]
    assert set(bec["code"]) == BEC_CODES | {"1", "2", "3", "4", "5", "6", "11", "12", "52", "321"}
    assert int(_cov(landed, "hs96_codes", "classificationH1.json")["n_pseudo_rows_dropped"]) == 5
    assert int(_cov(landed, "bec_codes", "classificationBEC.json")["n_pseudo_rows_dropped"]) == 5


@pytest.mark.reference
def test_reader_api_matches_landed_rows_and_order(landed, ref_dir):
    df = read_un_hs_conversion(ref_dir / "un_hs_conversion" / F_CONV["H5"])
    assert list(df.columns) == ["from_nomen", "from_code", "to_nomen", "to_code", "relationship",
                                "source_file", "source_sheet", "source_row"]
    landed_h5 = landed["frames"]["hs_to_hs96"].query("from_nomen == 'H5'").reset_index(drop=True)
    pd.testing.assert_frame_equal(df.reset_index(drop=True), landed_h5, check_dtype=False)
    assert df.equals(df.sort_values(["from_code", "to_code"]).reset_index(drop=True))


@pytest.mark.reference
def test_landed_tables_are_sorted_deterministically(landed):
    from tradewh.landing.reference import SORT_KEYS
    for t, keys in SORT_KEYS.items():
        df = landed["frames"][t]
        resorted = df.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(df, resorted, obj=t)
    assert landed["frames"]["hs_to_hs96"]["from_nomen"].is_monotonic_increasing


@pytest.mark.reference
def test_missing_subfolders_skipped_and_stale_removed(ref_dir, tmp_path):
    partial = tmp_path / "ref"
    partial.mkdir()
    (partial / "elasticities").symlink_to(ref_dir / "elasticities", target_is_directory=True)
    (partial / "un_hs_bec").mkdir()
    (partial / "un_hs_bec" / "readme.txt").write_text("not a table")
    out = tmp_path / "landing"
    (out / "reference").mkdir(parents=True)
    stale = out / "reference" / "hs_bec.parquet"
    stale.write_bytes(b"stale")
    res = land_reference_dir(partial, out)
    assert res["written"] == {"bw_sigma": 11293, "coverage": 1}
    assert {s.split("/")[0] for s in res["skipped"]} >= {"un_hs_conversion", "un_hs_bec", "un_hs_sitc",
                                                         "nomenclature"}
    assert "un_hs_bec/readme.txt: not a *.csv/*.CSV file" in res["skipped"]
    assert "hs_bec: no source file" in res["skipped"]
    assert "hs_to_hs96: no source file" not in res["skipped"]   # its folder is reported instead
    assert "un_hs_conversion/: folder missing" in res["skipped"]
    assert not stale.exists()
    assert list(res["coverage"]["table"]) == ["bw_sigma"]


@pytest.mark.reference
def test_excel_to_parquet_on_real_xls(ref_dir, tmp_path):
    src = ref_dir / "un_hs_conversion" / F_CONV["H3"]
    n = excel_to_parquet(src, tmp_path / "conv.parquet", sheet="Conversion Tables")
    df = pd.read_parquet(tmp_path / "conv.parquet")
    assert n == len(df) == 5053
    assert list(df.columns) == ["From", "To", "_source_file", "_source_row"]
    assert df.iloc[1].tolist() == ["010110", "010111", src.name, 3]
    # the three numeric cells come out as text without '.0'
    assert df.loc[df["_source_row"] == 4053, "To"].tolist() == ["844359"]


# --------------------------------------------------------------------------- fabricated files

def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _csv(path: Path, text: str, bom: bool = True) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_bec_csv_wrong_header_names_file(tmp_path):
    f = _csv(tmp_path / "HS2012 to BEC Conversion and Correlation Tables.csv", "HS6;BEC\n010121;41\n")
    with pytest.raises(ReferenceFormatError) as e:
        read_un_hs_bec(f)
    msg = str(e.value)
    assert f.name in msg and "HS 2012,BEC,Relationship" in msg and "HS6;BEC" in msg


def test_bec_csv_bad_relationship_label_names_row(tmp_path):
    f = _csv(tmp_path / "HS2012 to BEC.csv", "HS 2012,BEC,Relationship\n010121,41,n to 1\n010129,111,often\n")
    with pytest.raises(ReferenceFormatError, match=r"HS2012 to BEC\.csv.*row 3.*'often'"):
        read_un_hs_bec(f)


def test_bec_csv_file_name_and_header_must_agree(tmp_path):
    f = _csv(tmp_path / "HS2017 to BEC Conversion and Correlation Tables.csv", "HS 2012,BEC\n010121,41\n")
    with pytest.raises(ReferenceFormatError, match=r"file name says H5 -> BEC but the header says H4"):
        read_un_hs_bec(f)


def test_bec_csv_lost_leading_zero_repadded_and_counted(tmp_path):
    f = _csv(tmp_path / "HS2012 to BEC x.csv",
             "HS 2012,BEC,Relationship\n10121,41,n to 1\n010129,111,n to 1\n010130,41,n:n\n010130,111,n:n\n",
             bom=False)
    df = read_un_hs_bec(f)
    assert df["hs6"].tolist() == ["010121", "010129", "010130", "010130"]
    assert df["bec"].tolist() == ["41", "111", "111", "41"]
    assert df.attrs["landing"]["n_codes_lost_leading_zero"] == 1
    assert df.loc[df["hs6"] == "010121", "source_row"].tolist() == [2]


def test_xlsx_unexpected_sheet_layout_names_file_and_sheet(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996ConversionAndCorrelationTables.xlsx",
              {"Correlation HS17-HS96": [["Code", "Target", "Rel"], ["010121", "010111", "n:n"]]})
    with pytest.raises(ReferenceFormatError) as e:
        read_un_hs_conversion(f)
    msg = str(e.value)
    assert f.name in msg and "'Correlation HS17-HS96'" in msg
    assert "HS 2012 | HS 1996 | Relationship" in msg and "'Code', 'Target', 'Rel'" in msg


def test_xlsx_without_correlation_or_conversion_sheet(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996.xlsx", {"Sheet1": [["HS 2017", "HS 1996"], ["010121", "010111"]]})
    with pytest.raises(ReferenceFormatError, match=r"HS2017toHS1996\.xlsx.*found sheets \['Sheet1'\]"):
        read_un_hs_conversion(f)


def test_xlsx_header_year_contradicts_file_name(tmp_path):
    f = _xlsx(tmp_path / "HS2012toHS1996Tables.xlsx",
              {"Correlation": [["HS 2017", "HS 1996", "Relationship"], ["010121", "010111", "1:1"]]})
    with pytest.raises(ReferenceFormatError, match=r"file name says H4 -> H1 but the header says H5 -> H1"):
        read_un_hs_conversion(f)


def test_xlsx_numeric_codes_notes_rows_and_labels(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996Fake.xlsx", {"Correlation HS17-HS96": [
        ["Between", None, None],
        ["HS 2017", "HS 1996", "Relationship"],
        [10121, "010111", "n:n"],          # number: lost its leading zero
        ["010121", "010120", "'n:n"],
        ["010129", 10119, "N TO 1"],
        [None, None, None],
        ["Source: UN Statistics Division", None, None],   # trailing note
    ]})
    df = read_un_hs_conversion(f)
    assert df[["from_code", "to_code", "relationship", "source_row"]].values.tolist() == [
        ["010121", "010111", "n:n", 3], ["010121", "010120", "n:n", 4], ["010129", "010119", "n:1", 5]]
    assert set(df["from_nomen"]) == {"H5"} and set(df["to_nomen"]) == {"H1"}
    st = df.attrs["landing"]
    assert st["n_codes_lost_leading_zero"] == 2 and st["n_trailing_notes"] == 1


def test_bad_code_next_to_a_valid_one_is_an_error_even_on_the_last_row(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996Fake.xlsx", {"Correlation": [
        ["HS 2017", "HS 1996", "Relationship"], ["010121", "010111", "1:1"], ["0101XX", "010119", "1:1"]]})
    with pytest.raises(ReferenceFormatError, match=r"row 3: from-code '0101XX' is not an HS 6-digit code"):
        read_un_hs_conversion(f)


def test_xlsx_note_between_data_rows_is_an_error(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996Fake.xlsx", {"Correlation": [
        ["HS 2017", "HS 1996", "Relationship"],
        ["010121", "010111", "1:1"],
        ["see note 3", None, None],
        ["010129", "010119", "1:1"],
    ]})
    with pytest.raises(ReferenceFormatError, match=r"HS2017toHS1996Fake\.xlsx: sheet 'Correlation': row 3"):
        read_un_hs_conversion(f)


def test_blank_from_cell_continues_the_code_above(tmp_path):
    f = _xlsx(tmp_path / "HS2022toHS1996Merged.xlsx", {"HS2022-HS1996 Correlations": [
        ["HS 2022", "HS 1996", "Relationship"],
        ["010121", "010111", "1:n"], [None, "010120", "1:n"], ["010129", "010119", "1:1"]]})
    df = read_un_hs_conversion(f)
    assert df[["from_code", "to_code"]].values.tolist() == [
        ["010121", "010111"], ["010121", "010120"], ["010129", "010119"]]
    assert df.attrs["landing"]["n_from_carried_down"] == 1


def test_conversion_sheet_only_gets_computed_labels(tmp_path):
    f = _xlsx(tmp_path / "HS2017toHS1996Conv.xlsx", {"Conversion HS17-HS96": [
        ["From HS 2017", "To HS 1996"],
        ["010121", "010111"], ["010129", "010111"], ["010130", "010120"],
    ]})
    df = read_un_hs_conversion(f)
    assert df["relationship"].tolist() == ["n:1", "n:1", "1:1"]
    assert df.attrs["landing"]["n_relationship_computed"] == 3


def test_sitc_numeric_code_is_refused(tmp_path):
    f = _xlsx(tmp_path / "HS 2012 to SITC2 fake.xlsx", {"Correlation HS 2012-SITC 2": [
        ["HS 2012", "SITC2", "Relationship"], ["010121", "0015", "n to 1"], ["010221", 111, "n to 1"]]})
    with pytest.raises(ReferenceFormatError, match=r"row 3.*SITC code stored as a number"):
        read_un_hs_sitc2(f)


def test_dta_with_wrong_columns_names_file(tmp_path):
    f = tmp_path / "sigmas.dta"
    pd.DataFrame({"country": [1.0], "hs": [10.0], "elasticity": [2.5]}).to_stata(f, write_index=False)
    with pytest.raises(ReferenceFormatError, match=r"sigmas\.dta.*expected columns \['ccode', 'cname', "
                                                   r"'hs_3digit', 'sigma'\]; found \['country'"):
        read_bw_sigmas(f)


def test_bw_sigmas_fabricated_repads_hs3(tmp_path):
    f = tmp_path / "s.dta"
    pd.DataFrame({"ccode": [62.0, 62.0], "cname": ["China", "China"], "hs_3digit": [851.0, 10.0],
                  "sigma": [2.5, 4.0]}).astype({"hs_3digit": "float32"}).to_stata(f, write_index=False)
    df = read_bw_sigmas(f)
    assert df[["hs3", "sigma"]].values.tolist() == [["010", 4.0], ["851", 2.5]]
    assert df.attrs["landing"]["n_codes_lost_leading_zero"] == 1


def test_comtrade_json_without_results_names_file(tmp_path):
    f = tmp_path / "classificationH1.json"
    f.write_text(json.dumps({"classCode": "H1", "data": []}))
    with pytest.raises(ReferenceFormatError, match=r"classificationH1\.json.*'results'.*found \['classCode', 'data'\]"):
        read_comtrade_classification(f)


def test_comtrade_json_drops_pseudo_rows(tmp_path):
    f = tmp_path / "c.json"
    f.write_bytes(b"\xef\xbb\xbf" + json.dumps({"classCode": "BEC", "results": [
        {"id": "ALL", "text": "ALL - All", "parent": "#"},
        {"id": "TOTAL", "text": "TOTAL - Total", "parent": "#"},
        {"id": "4", "text": "4 - Capital goods", "parent": "TOTAL"},
        {"id": "41", "text": "41 - Capital goods (except transport equipment)", "parent": "4"}]}).encode())
    df = read_comtrade_classification(f)
    assert df[["code", "description", "level"]].values.tolist() == [
        ["4", "Capital goods", 1], ["41", "Capital goods (except transport equipment)", 2]]
    assert df["parent"].isna().tolist() == [True, False] and df["parent"].iloc[1] == "4"
    assert df.attrs["landing"]["n_pseudo_rows_dropped"] == 2


def test_excel_to_parquet_all_text(tmp_path):
    import datetime as dt
    f = _xlsx(tmp_path / "ifr.xlsx", {"World": [
        ["country", "industry_code", "year", "installations", None],
        ["CHN", "10-12", 2015, 1234.0, None],
        [],
        ["CHN", dt.datetime(2012, 10, 12), 2016, 0.5, "x"],   # '10-12' that Excel turned into a date
    ]})
    n = excel_to_parquet(f, tmp_path / "out" / "ifr.parquet")
    df = pd.read_parquet(tmp_path / "out" / "ifr.parquet")
    assert n == 2
    assert list(df.columns) == ["country", "industry_code", "year", "installations", "column_5",
                                "_source_file", "_source_row"]
    assert df.drop(columns="column_5").values.tolist() == [
        ["CHN", "10-12", "2015", "1234", "ifr.xlsx", 2], ["CHN", "2012-10-12", "2016", "0.5", "ifr.xlsx", 4]]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["ifr.parquet"]


def test_excel_to_parquet_unreadable_file_names_it(tmp_path):
    f = tmp_path / "robots_2020.xlsx"
    f.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ExcelReadError, match=re.escape("robots_2020.xlsx")):
        excel_to_parquet(f, tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()
    with pytest.raises(ExcelReadError, match=r"missing\.xls"):
        excel_to_parquet(tmp_path / "missing.xls", tmp_path / "x.parquet")
    g = _xlsx(tmp_path / "ok.xlsx", {"A": [["a"], ["1"]]})
    with pytest.raises(ExcelReadError, match=r"ok\.xlsx: no sheet 'B'; sheets are \['A'\]"):
        excel_to_parquet(g, tmp_path / "y.parquet", sheet="B")
