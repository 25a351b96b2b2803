"""Paper 004's synthetic sources: the Soderbery (2018) sigma table and CNNIC's provincial
internet penetration are new families on their own named streams, so every other raw file of
the universe is byte-identical with or without them; their layouts carry the documented traps;
truth_firms' flex_measured is the paper's flex computed on the customs records as written."""
from __future__ import annotations

import csv
import hashlib
import json

import duckdb
import pytest
from conftest import BAD_BACI_YEAR, BAD_IO_YEAR, TINY_SEED, baci_file

pytestmark = pytest.mark.slow


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_families_leave_every_other_raw_file_byte_identical(tiny_raw, tmp_path):
    from synthetic import generate
    from synthetic.generate import FAMILIES

    others = [f for f in FAMILIES if f not in ("elasticities", "cnnic")]
    without = tmp_path / "raw"
    generate("tiny", TINY_SEED, without, families=others)
    # the tiny fixture appends planted malformed rows to one BACI file and one input-output table
    skip = {baci_file(tiny_raw, BAD_BACI_YEAR).relative_to(tiny_raw), f"io/io_table_{BAD_IO_YEAR}.csv", "truth.json"}
    files = sorted(p.relative_to(without) for p in without.rglob("*") if p.is_file())
    assert len(files) > 100
    for rel in files:
        if rel in skip or str(rel) in skip:
            continue
        assert _digest(without / rel) == _digest(tiny_raw / rel), rel
    assert not (without / "elasticities").exists() and (tiny_raw / "elasticities").is_dir()
    # truth of the firm families is the same too (only the new families' keys are added)
    a = json.loads((tiny_raw / "truth.json").read_text())["studies"]["trade_digitization_quality"]
    b = json.loads((without / "truth.json").read_text())["studies"]["trade_digitization_quality"]
    assert {k: v for k, v in a.items() if k not in ("soderbery_sigma", "cnnic_internet")} == b


def test_soderbery_table_layout(tiny_raw):
    path = tiny_raw / "elasticities" / "Soderbery2018_sigma_HS4.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["importer", "importer_name", "hs4", "sigma", "omega"]
    assert len({r["importer"] for r in rows}) == 147
    assert any(len(r["hs4"]) == 3 for r in rows)           # stored as a number: 0106 -> 106
    sig = [float(r["sigma"]) for r in rows if r["sigma"]]
    assert min(sig) > 1 and 3.5 < sorted(sig)[len(sig) // 2] < 4.5
    assert any(r["sigma"] == "" for r in rows)             # no estimate printed: rejected, then imputed
    assert len({(r["importer"], r["hs4"]) for r in rows}) == len(rows)


def test_cnnic_layout_switches_to_percent_in_2006(tiny_raw):
    def header_and_first(year):
        with open(tiny_raw / "cnnic" / f"cnnic_province_internet_{year}.csv", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        return rows[0], rows[1], rows[2:]

    h05, nat05, prov05 = header_and_first(2005)
    h06, nat06, prov06 = header_and_first(2006)
    assert h05[2] == "普及率(%)" and h06[2] == "互联网普及率"
    assert nat05[0] == "全国" and not nat05[2].endswith("%") and nat06[2].endswith("%")
    assert len(prov05) == len(prov06) == 31


def test_flex_measured_is_the_paper_flex_of_the_records_as_written(tiny_raw):
    """Population sd / mean of every export line's value x ln(number of lines), per customs code
    and year, on the UTF-8 vintages (2000-2006, 2012-2015), equals the truth to 1e-9."""
    con = duckdb.connect()
    checked = 0
    for year in [*range(2000, 2007), *range(2012, 2016)]:
        f = tiny_raw / "customs" / f"customs_{year}.csv"
        value_col = "金额(美元)" if year >= 2012 else "金额"
        code_col = "企业编码"
        got = dict(con.execute(f"""
            select "{code_col}", stddev_pop(cast("{value_col}" as double)) / avg(cast("{value_col}" as double))
                                 * ln(count(*))
            from read_csv('{f}', all_varchar = true) where "进口或出口" = '出口' group by 1""").fetchall())
        truth = con.execute(f"""
            select customs_code, cast(flex_measured as double)
            from read_csv('{tiny_raw / 'truth_firms' / 'firm_years.csv'}', all_varchar = true)
            where "year" = '{year}' and kind = 'producer' and cast(x as double) > 0""").fetchall()
        for code, flex in truth:
            assert abs(got[code] - flex) <= 1e-9, (year, code, got[code], flex)
            checked += 1
    assert checked > 500
