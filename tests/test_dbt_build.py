"""The dbt warehouse built on the tiny universe (with malformed rows): nothing lost, rejects
named, KSW residual exact, tariffs concorded and expanded, controls deflated, treatment right."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from conftest import BAD_BACI_LINES, BAD_BACI_YEAR, baci_file

from tradewh.landing.raw_sources import RAW_SOURCES


def test_every_raw_record_is_staged_or_rejected(con, tiny_raw):
    from tradewh.landing.land import find_files

    rec = con.execute("select source, source_file, n_records, n_staged, n_rejected, reconciles "
                      "from marts.rpt_raw_reconciliation").df()
    # one row per raw file the registry finds in the raw directory, each reconciling
    files = sorted(p.relative_to(tiny_raw).as_posix() for s in RAW_SOURCES for p in find_files(tiny_raw, s))
    assert sorted(rec.source_file) == files and rec["reconciles"].all()
    # the tiny universe writes every registered source (synthetic.generate)
    assert set(rec["source"]) == {s.name for s in RAW_SOURCES}
    bad = rec[rec.source_file.str.contains(f"Y{BAD_BACI_YEAR}")].iloc[0]
    assert bad.n_rejected == len(BAD_BACI_LINES)
    assert bad.n_records == bad.n_staged + bad.n_rejected


def test_malformed_baci_rows_are_rejected_with_reason_file_row_and_column(con, tiny_raw):
    f = baci_file(tiny_raw, BAD_BACI_YEAR)
    n_data = sum(1 for _ in open(f, encoding="utf-8")) - 1
    first_bad_row = n_data - len(BAD_BACI_LINES) + 1
    rej = con.execute("select source_file, source_row, reason, reject_column, reject_value "
                      "from staging.stg_baci__flows_rejects order by source_row").df()
    assert len(rej) == len(BAD_BACI_LINES)
    for i, (line, reason, column) in enumerate(BAD_BACI_LINES):
        row = rej.iloc[i]
        assert row.source_file == f"baci/{f.name}"
        assert row.source_row == first_bad_row + i
        assert row.reason == reason
        if column:
            assert row.reject_column == column
            assert row.reject_value == line.split(",")["tijkvq".index(column)]
        else:
            assert row.reject_value == line


def test_ksw_quality_equals_independent_dummy_ols_to_1e_8(con):
    data = con.execute("""
        select i.importer, i.hs6, i.year, i.importer_year, i.ln_q, i.ln_p, q.quality_raw_s3, q.quality_raw_s8
        from intermediate.int_quality__ksw_input i
        join marts.idx_export_quality q using (importer, hs6, year)
    """).df()
    dummies = pd.get_dummies(data[["hs6", "importer_year"]].astype(str), drop_first=True).astype(float)
    X = sm.add_constant(dummies)
    for sigma, col in [(3, "quality_raw_s3"), (8, "quality_raw_s8")]:
        resid = sm.OLS(data["ln_q"] + sigma * data["ln_p"], X).fit().resid
        np.testing.assert_allclose(data[col], resid / (sigma - 1), atol=1e-8)
    # min-max standardised within each HS6 product (var apq_quality_std_grouping = hs6): per
    # product min 0 and max 1, and every value (raw - min) / (max - min) of its own product
    from tradewh.settings import dbt_vars
    assert dbt_vars()["apq_quality_std_grouping"] == "hs6"
    q = con.execute("select hs6, quality_raw_s3, quality_std_s3 from marts.idx_export_quality").df()
    by = q.groupby("hs6")["quality_raw_s3"]
    lo, hi = by.transform("min"), by.transform("max")
    spread = q[hi > lo]
    assert spread.hs6.nunique() > 10 and q.loc[hi <= lo, "quality_std_s3"].isna().all()
    np.testing.assert_allclose(spread.quality_std_s3, (spread.quality_raw_s3 - lo[hi > lo]) / (hi - lo)[hi > lo],
                               atol=1e-12)
    std = spread.groupby("hs6")["quality_std_s3"].agg(["min", "max"])
    np.testing.assert_allclose(std["min"], 0.0, atol=1e-12)
    np.testing.assert_allclose(std["max"], 1.0, atol=1e-12)


def test_eu_schedule_is_expanded_and_native_lines_are_averaged(con):
    lines = con.execute("select reporter, year, nomen, product_code, duty_pct from staging.stg_tariffs__mfn").df()
    seed = con.execute("select from_nomen, from_code, to_code from seeds.hs_concordance_demo").df()
    mfn = con.execute("select importer, hs6, year, mfn_pct, schedule from intermediate.int_tariff__importer_mfn").df()
    # 852520 (HS96) receives three native codes (n:1) in every vintage: its tariff is their mean
    eun = lines[lines.reporter == "EUN"]
    links = eun.merge(seed, left_on=["nomen", "product_code"], right_on=["from_nomen", "from_code"])
    expected = links[links.to_code == "852520"].groupby("year")["duty_pct"].mean()
    members = con.execute("select iso3, first_year, coalesce(last_year, 9999) as last_year from seeds.eu_members").df()
    got = mfn[(mfn.hs6 == "852520") & (mfn.schedule == "EUN")]
    assert len(got) > 0
    for _, r in got.iterrows():
        m = members[members.iso3 == r.importer].iloc[0]
        assert m.first_year <= r.year <= m.last_year
        assert r.mfn_pct == pytest.approx(expected[r.year])
    # Croatia reports its own schedule before joining the EU in 2013, the EU's afterwards
    hrv = mfn[mfn.importer == "HRV"].groupby("year")["schedule"].first()
    assert set(hrv[hrv.index < 2013]) <= {"national"} and set(hrv[hrv.index >= 2013]) == {"EUN"}


def test_controls_are_deflated_to_2010_and_exchange_rate_is_per_rmb(con):
    c = con.execute("select importer, year, deflator_rebased, lnexchange from intermediate.int_importer__controls").df()
    assert np.allclose(c.loc[c.year == 2010, "deflator_rebased"].dropna(), 100.0)
    cny = con.execute("select year, value from staging.stg_wdi__values "
                      "where country_code = 'CHN' and indicator_code = 'PA.NUS.FCRF'").df().set_index("year")["value"]
    usa = c[c.importer == "USA"].set_index("year")["lnexchange"].dropna()
    np.testing.assert_allclose(usa, np.log(1.0 / cny.loc[usa.index]), atol=1e-12)


def test_treatment_is_the_planted_robot_using_industries(con, tiny_raw):
    truth = json.loads((tiny_raw / "truth.json").read_text())["studies"]["ai_policy_quality"]
    prod = con.execute("select ifr_code, max(treat) as treat, min(treat) as treat_min from marts.dim_product "
                       "group by 1").df().set_index("ifr_code")
    assert (prod.treat == prod.treat_min).all()
    treated = set(prod.index[prod.treat == 1])
    assert treated == set(truth["treated_ifr_industries"]) & set(prod.index)
    assert not treated & set(truth["control_ifr_industries"])


def test_truths_estimand_samples_are_the_panels_rows(con, tiny_raw):
    """The planted att averages over the treated post-policy rows with quantities, and its
    controls_sample over those with controls: the same rows as the panel's."""
    truth = json.loads((tiny_raw / "truth.json").read_text())["studies"]["ai_policy_quality"]
    n_all, n_controls = con.execute(
        "select count(*), count(*) filter (where has_controls) from marts.panel_ai_policy_quality "
        "where did = 1 and quality_raw_s3 is not null").fetchone()
    assert (n_all, n_controls) == (truth["n_att_flows"], truth["controls_sample"]["n_att_flows"])


def test_panel_is_consistent(con):
    p = con.execute("select * from marts.panel_ai_policy_quality").df()
    assert not p.duplicated(["importer", "hs6", "year"]).any()
    assert (p.did == p.treat * p.post).all() and (p.post == (p.year >= 2015)).all()
    assert (p.did_placebo_2013 == p.treat * (p.year >= 2013)).all()
    assert p.has_controls.mean() > 0.2
    lagged = p.dropna(subset=["lnquality_l1"]).merge(
        p.assign(year=p.year + 1)[["importer", "hs6", "year", "lnquality"]],
        on=["importer", "hs6", "year"], suffixes=("", "_prev"))
    assert len(lagged) > 0 and np.allclose(lagged.lnquality_l1, lagged.lnquality_prev)


def test_income_group_is_the_reference_year_group_of_the_historical_classification(con):
    c = con.execute("""
        select d.iso3, d.income_group, d.income_group_source, w.income_group as current_group
        from marts.dim_country d left join staging.stg_wdi__countries w on w.country_code = d.iso3
    """).df()
    assert set(c.income_group_source) == {"oghist_2010"}
    assert c.loc[c.iso3 == "S19", "income_group"].item() == "High income"  # BACI's Taiwan = WB TWN
    moved = c.dropna(subset=["current_group"]).query("income_group != current_group")
    assert len(moved) > 0  # economies that changed group since 2010: the reference year matters
    hist = con.execute("select country_code, income_code from staging.stg_wdi__income_groups "
                       "where year = 2010").df().set_index("country_code")["income_code"]
    labels = {"L": "Low income", "LM": "Lower middle income", "UM": "Upper middle income", "H": "High income"}
    for iso3, group in c.set_index("iso3")["income_group"].dropna().items():
        assert group == labels[hist[{"S19": "TWN"}.get(iso3, iso3)]]
    rejects = con.execute("select reason, count(*) from staging.stg_wdi__income_history_rejects group by 1").fetchall()
    assert rejects == [("not_an_economy_row", 4)]  # the four threshold rows of the title block
