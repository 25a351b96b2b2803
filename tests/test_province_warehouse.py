"""Provincial yearbooks in the warehouse (paper 003): every raw row staged or rejected per year,
malformed rows named, gaps filled as documented, and the SQL indices (entropy weights and Dig,
PRODY/TSI, PCA) equal to independent numpy computations on the same data.

One private warehouse of the provincial sources only (~15 s): the synthetic provinces family
plus malformed rows, landed, and the province models built with cautious test selection."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import make_paths

SEED = 7
BAD_YEAR = 2015
# (line appended to provinces/yearbook_2015.csv, reason, reject column)
BAD_YEARBOOK = [
    ("北京,2015,地区生产总值,亿元,12x3.5,中国统计年鉴", "value_not_numeric", "数值"),
    ("北京省,2015,地区生产总值,亿元,1.0,中国统计年鉴", "unknown_province", "地区"),
    ("北京,2015,地区生产总值,万亿元,1.0,中国统计年鉴", "unknown_unit", "单位"),
    ("北京,2016,地区生产总值,亿元,1.0,中国统计年鉴", "year_differs_from_file_year", "年份"),
    ("北京,2015,不存在的指标,亿元,1.0,", "unknown_indicator", "指标"),
    ("北京,2015,地区生产总值,亿元,1.0,中国统计年鉴", "duplicate_row", "地区,年份,指标"),
    ("北京,2015,地区生产总值,亿元,1,2,3", "unparseable_line: too many columns", None),
]
BAD_EXPORT = ("北京,2015,99,不存在的行业,1.0,万元", "unknown_industry", "行业代码")
SELECT = ("+panel_province_digital_tsi +rpt_province_imputation +dim_province "
          "+stg_provinces__yearbook_rejects +stg_provinces__industry_exports_rejects stg_landing__file_inventory")
YEARS = list(range(2010, 2023))


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    from orchestration.pipeline import land
    from synthetic import generate
    from tradewh.dbt_runner import run_dbt

    base = tmp_path_factory.mktemp("provinces")
    paths = make_paths(base, base / "raw")
    generate("tiny", SEED, paths.raw_dir, families=["provinces"])
    with open(paths.raw_dir / f"provinces/yearbook_{BAD_YEAR}.csv", "a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line, _, _ in BAD_YEARBOOK)
    with open(paths.raw_dir / f"provinces/industry_exports_{BAD_YEAR}.csv", "a", encoding="utf-8") as f:
        f.write(BAD_EXPORT[0] + "\n")
    land(paths, progress=lambda _: None)
    run_dbt(paths, ["build", "--select", SELECT, "--indirect-selection", "cautious"], progress=lambda _: None)
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    yield paths, con
    con.close()


def q(wh, sql: str) -> pd.DataFrame:
    return wh[1].execute(sql).df()


def test_each_yearbook_year_reconciles(wh):
    inv = q(wh, "select source, source_file, file_year, n_records from staging.stg_landing__file_inventory "
                "where source like 'province%'")
    staged = q(wh, "select source_file, count(*) n from staging.stg_provinces__yearbook group by 1 union all "
                   "select source_file, count(*) from staging.stg_provinces__industry_exports group by 1")
    rejected = q(wh, "select source_file, count(*) n from staging.stg_provinces__yearbook_rejects group by 1 union all "
                     "select source_file, count(*) from staging.stg_provinces__industry_exports_rejects group by 1")
    m = inv.merge(staged, on="source_file", how="left").merge(rejected, on="source_file", how="left",
                                                                 suffixes=("_staged", "_rejected")).fillna(0)
    assert sorted(m[m.source == "province_yearbook"].file_year) == YEARS
    assert sorted(m[m.source == "province_industry_exports"].file_year) == YEARS
    assert (m.n_records == m.n_staged + m.n_rejected).all()
    bad = m[m.source_file == f"provinces/yearbook_{BAD_YEAR}.csv"].iloc[0]
    assert bad.n_rejected == len(BAD_YEARBOOK)


def test_malformed_rows_are_rejected_with_reason_file_row_and_column(wh):
    f = wh[0].raw_dir / f"provinces/yearbook_{BAD_YEAR}.csv"
    first_bad = sum(1 for _ in open(f, encoding="utf-8")) - 1 - len(BAD_YEARBOOK) + 1
    rej = q(wh, "select source_file, source_row, reason, reject_column, reject_value "
                "from staging.stg_provinces__yearbook_rejects order by source_row")
    assert len(rej) == len(BAD_YEARBOOK)
    for i, (line, reason, column) in enumerate(BAD_YEARBOOK):
        r = rej.iloc[i]
        assert (r.source_file, r.source_row, r.reason) == (f"provinces/yearbook_{BAD_YEAR}.csv", first_bad + i, reason)
        if column:
            assert r.reject_column == column
        if column in ("数值", "地区", "单位", "年份", "指标"):
            assert r.reject_value == line.split(",")[["地区", "年份", "指标", "单位", "数值"].index(column)]
    ex = q(wh, "select reason, reject_column, reject_value from staging.stg_provinces__industry_exports_rejects")
    assert ex.to_dict("records") == [{"reason": BAD_EXPORT[1], "reject_column": BAD_EXPORT[2], "reject_value": "99"}]


def test_printed_variants_units_and_gaps_are_read(wh):
    v = q(wh, "select province_code, year, indicator_code, value, unit_printed, province_printed "
              "from staging.stg_provinces__yearbook")
    assert {"北　京", "北京", "北京市"} <= set(v[v.province_code == "110000"].province_printed)
    assert set(v[v.province_code == "450000"].province_printed) == {"广\u3000西", "广西", "广西壮族自治区"}
    cable = v[(v.indicator_code == "optical_cable_length")]
    assert set(cable.unit_printed) == {"公里", "万公里"}
    by_year = cable.groupby("year").value.median()
    assert 0.5 < by_year[2015] / by_year[2014] < 2      # 万公里 converted back to km
    rate = v[v.indicator_code == "usd_rate"].set_index("year").value
    assert (v[v.indicator_code == "usd_rate"].province_code == "000000").all() and rate[2015] == pytest.approx(6.2284)
    assert v[v.indicator_code == "mobile_exchange_capacity"].year.max() == 2017   # discontinued


def test_gaps_are_filled_linearly_and_recorded_per_cell(wh):
    obs = q(wh, "select province_code, indicator_code, year, value from staging.stg_provinces__yearbook "
                "where value is not null and province_code <> '000000'")
    filled = q(wh, "select * from intermediate.int_province__yearbook_filled where province_code <> '000000'")
    assert (filled.fill_method != "unfilled").all()
    years = np.arange(YEARS[0], YEARS[-1] + 1, dtype=float)
    for (p, ind), g in filled.groupby(["province_code", "indicator_code"]):
        o = obs[(obs.province_code == p) & (obs.indicator_code == ind)].sort_values("year")
        ty, y = o.year.to_numpy(float), o.value.to_numpy()
        expect = np.interp(years, ty, y)
        if len(ty) >= 2:   # ends: the line through the two nearest published years, floored at 0
            lead, trail = years < ty[0], years > ty[-1]
            expect[lead] = y[0] + (y[1] - y[0]) / (ty[1] - ty[0]) * (years[lead] - ty[0])
            expect[trail] = y[-1] + (y[-1] - y[-2]) / (ty[-1] - ty[-2]) * (years[trail] - ty[-1])
            expect = np.maximum(expect, 0)
        got = g.sort_values("year")
        np.testing.assert_allclose(got.value.to_numpy(), expect, rtol=1e-10, atol=1e-10)
        methods = np.where(np.isin(years, ty), "observed",
                           np.where((years > ty[0]) & (years < ty[-1]), "interpolated", "extrapolated_linear"))
        assert list(got.fill_method) == list(methods), (p, ind)
    mobile = filled[filled.indicator_code == "mobile_exchange_capacity"]
    assert set(mobile[mobile.year >= 2018].fill_method) == {"extrapolated_linear"}
    report = q(wh, "select indicator_code, fill_method, n_cells from marts.rpt_province_imputation")
    row = report[(report.indicator_code == "info_service_fai") & (report.fill_method == "extrapolated_linear")]
    assert int(row.n_cells.iloc[0]) == 30 * 5


def _study_matrix(wh, codes):
    """Filled values of the study provinces x 2011-2022, one column per indicator (numpy input)."""
    f = q(wh, "select f.province_code, f.year, f.indicator_code, f.value "
              "from intermediate.int_province__yearbook_filled f "
              "join seeds.provinces p using (province_code) where p.is_province and province_code <> '540000' "
              "and year between 2011 and 2022")
    wide = f.pivot_table(index=["province_code", "year"], columns="indicator_code", values="value")
    return wide[codes]


def test_entropy_weights_and_dig_equal_numpy(wh):
    from tradewh.settings import dbt_vars

    codes = list(dbt_vars()["pdt_dig_indicators"])
    x = _study_matrix(wh, codes)
    xn = (x - x.min()) / (x.max() - x.min())
    p = xn / xn.sum()
    e = -(p * np.log(p.where(p > 0, 1.0))).sum() / np.log(len(x))
    w = (1 - e) / (1 - e).sum()
    sql = q(wh, "select indicator_code, entropy, weight from marts.idx_dig_entropy_weights").set_index("indicator_code")
    assert len(x) == 360 and len(sql) == 15
    np.testing.assert_allclose(sql.loc[codes, "weight"], w[codes], rtol=0, atol=1e-10)
    np.testing.assert_allclose(sql.loc[codes, "entropy"], e[codes], rtol=0, atol=1e-10)
    dig = q(wh, "select province_code, year, dig from marts.idx_digital_entropy").set_index(
        ["province_code", "year"]).dig
    np.testing.assert_allclose(dig.loc[x.index], (xn * w).sum(axis=1), rtol=0, atol=1e-10)


def test_pca_index_equals_numpy(wh):
    from tradewh.settings import dbt_vars

    codes = sorted(dbt_vars()["pdt_dig_indicators"])
    x = _study_matrix(wh, codes).to_numpy()
    z = (x - x.mean(0)) / x.std(0, ddof=1)
    lam, vec = np.linalg.eigh(np.corrcoef(z, rowvar=False))
    lam, vec = lam[::-1], vec[:, ::-1] * np.where(vec[:, ::-1].sum(0) < 0, -1, 1)
    keep = lam > 1.0
    score = (z @ vec[:, keep] / np.sqrt(lam[keep])) @ (lam[keep] / lam[keep].sum())
    sql = q(wh, "select province_code, year, dig_pca from marts.idx_digital_pca order by province_code, year")
    assert keep.sum() >= 2
    np.testing.assert_allclose(sql.dig_pca.to_numpy(), score, rtol=0, atol=1e-10)


def test_prody_and_tsi_equal_numpy_and_add_up(wh):
    x = q(wh, "select e.province_code, e.year, e.industry_code, e.value_10k_yuan as x "
              "from staging.stg_provinces__industry_exports e "
              "where e.province_code <> '540000'")
    pg = q(wh, "select province_code, year, value as pgdp from intermediate.int_province__yearbook_filled "
               "where indicator_code = 'pgdp' and province_code not in ('540000', '000000')")
    groups = q(wh, "select industry_code, factor_intensity from seeds.gbt4754_manufacturing").set_index("industry_code")
    prody_sql = q(wh, "select industry_code, year, prody from marts.idx_prody").set_index(
        ["industry_code", "year"]).prody
    tsi_sql = q(wh, "select * from marts.idx_tsi").set_index(["province_code", "year"])
    for year in (2011, 2016, 2022):
        m = x[x.year == year].pivot_table(index="province_code", columns="industry_code", values="x", fill_value=0.0)
        pgdp = pg[pg.year == year].set_index("province_code").pgdp.loc[m.index].to_numpy()
        s = m.to_numpy() / m.to_numpy().sum(1, keepdims=True)
        prody = (s / s.sum(0)).T @ pgdp
        tsi = s @ prody
        np.testing.assert_allclose(prody_sql.loc[list(zip(m.columns, [year] * len(m.columns)))], prody, rtol=1e-12)
        ours = tsi_sql.loc[list(zip(m.index, [year] * len(m.index)))]
        np.testing.assert_allclose(ours.tsi_level, tsi, rtol=1e-12)
        np.testing.assert_allclose(ours.tsi, np.log(tsi), rtol=0, atol=1e-10)
        assert ours.tsi_level.sum() == pytest.approx(pgdp.sum(), rel=1e-12)   # within-China adding-up
        tech = (groups.loc[m.columns].factor_intensity == "technology").to_numpy()
        xt = m.to_numpy()[:, tech]
        np.testing.assert_allclose(ours.tsi_technology, np.log(xt @ prody[tech] / xt.sum(1)), rtol=0, atol=1e-10)


def test_province_dimension_and_panel(wh):
    from expectations.runner import validate_frame

    d = q(wh, "select * from marts.dim_province")
    assert len(d) == 31 and d.province_code.str.fullmatch(r"[0-9]{6}").all()
    assert (d.loc[d.province_code == "540000", "in_study"].item() is False
            or not d.loc[d.province_code == "540000", "in_study"].item())
    study = d[d.in_study]
    assert study.region.value_counts().to_dict() == {"east": 12, "central": 9, "west": 9}
    assert d[~d.province_code.eq("540000")].region_nbs.value_counts().to_dict() == {
        "east": 11, "west": 11, "central": 8}
    assert {"内蒙古", "内蒙古自治区"} <= set(d.loc[d.province_code == "150000", "printed_names"].item())
    panel = q(wh, "select * from marts.panel_province_digital_tsi")
    assert len(panel) == 360 and panel.high_dig.sum() == 120
    assert validate_frame("panel_province_digital_tsi", panel).passed


# The suite's own checks (sample, balance, completeness, ranges). Keys, code formats and
# identities (duplicates, lost zeros, weights summing to 1, dig = sum w * dign, dig in [0, 1])
# are dbt tests: tests/test_check_ownership.py corrupts a warehouse copy for those.
@pytest.mark.parametrize("corrupt, expectation", [
    (lambda p: p[p.year != 2016], "expect_column_distinct_values_to_equal_set"),
    (lambda p: p[(p.province != "110000") | (p.year != 2015)], "expect_column_values_to_be_between"),  # unbalanced
    (lambda p: pd.concat([p, p[p.province == "110000"].assign(province="540000")]),
     "expect_column_values_to_not_be_in_set"),                                   # an excluded province
    (lambda p: p.assign(tsi=p.tsi * 3), "expect_column_values_to_be_between"),
    (lambda p: p.assign(hum=None), "expect_column_values_to_not_be_null"),
    (lambda p: p.assign(high_dig=(p.province < "300000").astype(int)), "expect_column_values_to_be_between"),
])
def test_corrupted_province_panel_fails_its_suite(wh, corrupt, expectation):
    from expectations.runner import validate_frame

    panel = q(wh, "select * from marts.panel_province_digital_tsi")
    outcome = validate_frame("panel_province_digital_tsi", corrupt(panel))
    assert not outcome.passed and expectation in {f["expectation"] for f in outcome.failures}, outcome.summary()


def test_alternative_choices_are_vars(wh, tmp_path):
    """Yearly entropy weights, ln pgdp inside PRODY, nearest-value end points, NBS regions."""
    import json
    import shutil

    from tradewh.dbt_runner import run_dbt

    paths = wh[0].with_overrides(warehouse=tmp_path / "alt.duckdb")
    shutil.copy(wh[0].warehouse, paths.warehouse)
    alt = {"pdt_entropy_weighting": "yearly", "pdt_tsi_form": "ln_pgdp", "pdt_fill_endpoints": "nearest",
           "pdt_region_split": "nbs_2000"}
    run_dbt(paths, ["run", "--select", "+panel_province_digital_tsi", "--exclude", "resource_type:seed",
                    "--vars", json.dumps(alt)], progress=lambda _: None)  # merged with the location vars
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        w = con.execute("select year, sum(weight) s, count(*) n from marts.idx_dig_entropy_weights group by 1").df()
        p = con.execute("select * from marts.panel_province_digital_tsi").df()
        f = con.execute("select province_code, year, value, fill_method "
                        "from intermediate.int_province__yearbook_filled "
                        "where indicator_code = 'mobile_exchange_capacity' and province_code = '110000'").df()
    assert sorted(w.year) == list(range(2011, 2023)) and np.allclose(w.s, 1) and (w.n == 15).all()
    assert p.tsi.between(9, 13).all() and np.allclose(p.tsi, p.tsi_level)          # no final log
    f = f.set_index("year")
    assert (f.loc[2018:, "fill_method"] == "extrapolated_nearest").all()
    assert (f.loc[2018:, "value"] == f.loc[2017, "value"]).all()
    assert p.groupby("region").province.nunique().to_dict() == {"east": 11, "central": 8, "west": 11}
