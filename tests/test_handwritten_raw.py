"""The pipeline runs on any raw directory in the documented formats, not only on generated
data: a few hand-written rows per source (docs/data-sources.md) build into a panel."""
from __future__ import annotations

import duckdb
import pytest
from conftest import make_paths

YEARS = (2014, 2015)
PRODUCTS = ("847130", "850440", "620342")        # computers, converters (robots), trousers (none)
IMPORTERS = (("842", "USA"), ("276", "DEU"), ("392", "JPN"))
STRAY_QUOTE = '2015,392,842,"850440,12.000,1.000'


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _raw(root):
    for year in YEARS:
        rows = ["t,i,j,k,v,q"]
        for n, (code, _) in enumerate(IMPORTERS):
            for m, hs6 in enumerate(PRODUCTS):
                v = 100 + 10 * n + 7 * m + (year - 2014) * 3
                rows.append(f"{year},156,{code},{hs6},{v:.3f},{1 + n + 0.5 * m + 0.1 * (year - 2014):.3f}")
        if year == YEARS[-1]:      # a stray quote: rejected on its own, not merged with the next line
            rows.append(STRAY_QUOTE)
        rows.append(f"{year},276,842,847130,55.000,NA")      # another exporter, no quantity
        _write(root, f"baci/BACI_HS96_Y{year}_V202401b.csv", "\n".join(rows) + "\n")
    _write(root, "baci/country_codes_V202401b.csv",
           "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n842,USA,US,USA\n"
           "276,Germany,DE,DEU\n392,Japan,JP,JPN\n")
    _write(root, "baci/product_codes_HS96_V202401b.csv",
           "code,description\n" + "".join(f"{p},product {p}\n" for p in PRODUCTS))
    ind = {"NY.GDP.MKTP.CD": 1e12, "NY.GDP.PCAP.CD": 40000, "NY.GDP.DEFL.ZS": 100,
           "PA.NUS.FCRF": 1.0, "NE.EXP.GNFS.CD": 2e11, "NE.IMP.GNFS.CD": 2e11, "IT.NET.USER.ZS": 80}
    lines = ['"Country Name","Country Code","Indicator Name","Indicator Code","2010","2014","2015",']
    for iso in ("USA", "DEU", "JPN", "CHN"):
        for code, value in ind.items():
            value = 6.8 if (iso == "CHN" and code == "PA.NUS.FCRF") else value
            lines.append(f'"{iso}","{iso}","{code}","{code}","{value}","{value * 1.1}","{value * 1.2}",')
    _write(root, "wdi/WDIData.csv", "\n".join(lines) + "\n")
    _write(root, "wdi/WDICountry.csv", '"Country Code","Short Name","Table Name","Region","Income Group",\n'
           + "".join(f'"{i}","{i}","{i}","Somewhere","High income",\n' for i in ("USA", "DEU", "JPN"))
           + '"CHN","China","China","East Asia & Pacific","Upper middle income",\n')
    wits = ["Selected Nomen,Native Nomen,Reporter,Reporter Name,Product,Product Name,Partner,"
            "Partner Name,Tariff Year,Trade Year,Trade Source,DutyType,Simple Average"]
    for year in YEARS:
        for hs6 in PRODUCTS:
            wits.append(f"H4,H4,USA,United States,{hs6},x,WLD,World,{year},{year},WTO,MFN,{2.5 + (year - 2014)}")
            wits.append(f"H4,H4,EUN,European Union,{hs6},x,WLD,World,{year},{year},WTO,MFN,4")
    _write(root, "tariffs/wits_mfn.csv", "\n".join(wits) + "\n")
    _write(root, "ifr/robots.csv", "country,industry_code,year,installations,operational_stock\n"
           "CHN,26-27,2014,500,2000\nCHN,28,2014,300,1000\nCHN,13-15,2014,0,0\n")


@pytest.mark.slow  # builds a warehouse
def test_hand_written_raw_directory_builds_into_a_panel(tmp_path, capsys, monkeypatch):
    from orchestration.pipeline import build, land

    _raw(tmp_path / "raw")
    paths = make_paths(tmp_path, tmp_path / "raw")
    inventory = land(paths, require=["baci_flows", "wdi_data", "tariffs_wits"], progress=lambda _: None)
    # the one bad line, an unbalanced quote; every other line of every file lands
    assert inventory.n_parse_errors.sum() == 1
    assert (inventory.n_records == inventory.n_nonblank_lines).all()
    build(paths, progress=lambda _: None)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        rec = con.execute("select source_file, n_records, n_nonblank_lines, n_staged, n_rejected, reconciles "
                          "from marts.rpt_raw_reconciliation where source = 'baci_flows' order by 1").fetchall()
        rejects = con.execute("select source_file, source_row, reason, reject_value "
                              "from staging.stg_baci__flows_rejects").fetchall()
        other_exporter = con.execute("select year, hs6 from staging.stg_baci__flows "
                                     "where exporter_code = '276'").fetchall()
        panel = con.execute("select * from marts.panel_ai_policy_quality").df()
        mfn = con.execute("select importer, hs6, year, mfn_pct from intermediate.int_tariff__importer_mfn "
                          "where importer = 'DEU'").df()
    n_lines = len(PRODUCTS) * len(IMPORTERS) + 1
    assert rec == [("baci/BACI_HS96_Y2014_V202401b.csv", n_lines, n_lines, n_lines, 0, True),
                   ("baci/BACI_HS96_Y2015_V202401b.csv", n_lines + 1, n_lines + 1, n_lines, 1, True)]
    assert rejects == [("baci/BACI_HS96_Y2015_V202401b.csv", n_lines, "unparseable_line: unbalanced quote",
                        STRAY_QUOTE)]
    assert sorted(other_exporter) == [(2014, "847130"), (2015, "847130")]   # the line after the quote
    assert len(panel) == len(YEARS) * len(PRODUCTS) * len(IMPORTERS)
    assert dict(zip(panel.hs6, panel.treat)) == {"847130": 1, "850440": 1, "620342": 0}
    # EUN -> Germany; HS2012 847130 also links to HS1996 847110 (a real n:n link of the seed)
    assert set(mfn.hs6) - set(PRODUCTS) == {"847110"}
    mfn = mfn[mfn.hs6.isin(PRODUCTS)]
    assert set(mfn.mfn_pct) == {4.0} and len(mfn) == len(YEARS) * len(PRODUCTS)
    # Japan publishes no tariff schedule here: its rows lack lnmfn (no imputation), the rest is complete
    assert (panel.has_controls == (panel.importer != "JPN")).all()
    assert panel.loc[panel.importer == "JPN", "lnmfn"].isna().all()

    # the studies whose raw sources are absent are named and skipped, not failed
    from orchestration.cli import main

    # the CLI has no landing flag: point the variable at this test's landing (other tests export theirs)
    monkeypatch.setenv("TRADEWH_LANDING_DIR", str(paths.landing_dir))
    rc = main(["check", "--raw-dir", str(paths.raw_dir), "--warehouse", str(paths.warehouse),
               "--output", str(paths.output)])
    out = capsys.readouterr().out
    assert "province_digital_tsi: skipped, no raw files for" in out
    # the one study checked has two years only: its year-coverage check fails, so `check` does
    assert rc == 1
    assert "panel_ai_policy_quality: FAILED" in out
