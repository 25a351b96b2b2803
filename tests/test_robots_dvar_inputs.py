"""Paper 001's inputs: the synthetic input-output tables (family "io": determinism, exact
balances, nothing else changes) and, on the tiny warehouse, the robot penetration against the
planted exposure (truth_firms/robot_exposure.csv, to 1e-9), the staged input-output tables with
their rejects, and the helper tables (RMB/USD, HS -> BEC)."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from conftest import BAD_IO_LINES

from synthetic import generate
from synthetic.io import writer as io_writer
from tradewh.settings import dbt_vars

SEED = 9


@pytest.fixture(scope="module")
def io_universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("io")
    truths = {name: generate("tiny", seed, base / name, families=["io"])
              for name, seed in (("a", SEED), ("b", SEED), ("c", SEED + 1))}
    return base, truths


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"代码": str}, keep_default_na=False)


def test_io_tables_deterministic_and_seed_dependent(io_universes):
    base, truths = io_universes
    files = sorted(p.name for p in (base / "a" / "io").iterdir())
    assert files == [io_writer.file_name(y) for y in io_writer.YEARS]
    assert all(_sha(base / "a" / "io" / f) == _sha(base / "b" / "io" / f) for f in files)
    assert _sha(base / "a" / "io" / files[0]) != _sha(base / "c" / "io" / files[0])
    t = truths["a"]["studies"]["robots_dvar"]["io_tables"]
    assert t["years"] == list(io_writer.YEARS) and t["classification"] == io_writer.CLASSIFICATION


def test_io_tables_balance_exactly(io_universes):
    base, _ = io_universes
    codes, _, _ = io_writer.sectors()
    for year in io_writer.YEARS:
        df = _table(base / "a" / "io" / io_writer.file_name(year)).set_index("代码")
        z = df.loc[codes, codes].astype(np.int64)
        assert (z.to_numpy() >= 0).all()
        out = df.loc[codes, "TO"].astype(np.int64)
        use = df.loc[codes, ["TIU", "TFU", "EX", "IM", "ERR"]].astype(np.int64)
        assert (use.TIU == z.sum(axis=1)).all()
        assert (use.TIU + use.TFU + use.EX - use.IM + use.ERR == out).all()      # rows add up
        tii = df.loc["TII", codes].astype(np.int64)
        va = df.loc[["VA001", "VA002", "VA003", "VA004"], codes].astype(np.int64).sum()
        assert (tii == z.sum(axis=0)).all() and (tii + va == df.loc["TI", codes].astype(np.int64)).all()
        assert (df.loc["TI", codes].astype(np.int64) == out).all()                # columns add up
        assert (use.TFU >= 0).all() and (va >= 0).all()


def test_io_family_leaves_the_other_families_alone(tmp_path):
    """Adding the io family changes no byte of the firm-level files (own random streams)."""
    generate("tiny", SEED, tmp_path / "firms", families=["firms"])
    generate("tiny", SEED, tmp_path / "both", families=["firms", "io"])
    for sub in ("customs", "asif", "truth_firms"):
        for f in sorted((tmp_path / "firms" / sub).iterdir()):
            assert _sha(f) == _sha(tmp_path / "both" / sub / f.name), f
    truth = json.loads((tmp_path / "both" / "truth.json").read_text())
    assert {"beta_robot", "io_tables", "estimands"} <= set(truth["studies"]["robots_dvar"])


# --- on the tiny warehouse ----------------------------------------------------------------------

def test_ifr_penetration_equals_the_planted_exposure(con, tiny_raw):
    ours = con.execute("select * from marts.idx_robot_ifr").df()
    truth = pd.read_csv(tiny_raw / "truth_firms" / "robot_exposure.csv", dtype={"ifr_code": str})
    m = truth.merge(ours, on=["ifr_code", "year"], how="left", suffixes=("_truth", ""))
    assert len(m) == len(truth) and m["stock_true"].notna().all()
    for c in ("stock_reported", "stock_unspecified_allocated", "stock_true"):
        np.testing.assert_allclose(m[c], m[f"{c}_truth"], rtol=1e-9, atol=1e-9)
    has = m["employment_base_truth"] > 0                       # the truth writes 0 where we write NULL
    np.testing.assert_array_equal(m.loc[has, "employment_base"], m.loc[has, "employment_base_truth"])
    assert m.loc[~has, "employment_base"].isna().all()
    for c in ("robots_per_10k", "exposure"):
        np.testing.assert_allclose(m.loc[has, c], m.loc[has, f"{c}_truth"], rtol=1e-9, atol=1e-12)
    assert m.loc[~has, "exposure"].isna().all() and m.loc[~has, "exposure_truth"].isna().all()


def test_firm_robot_exposure_equals_the_planted_industry_exposure(con, tiny_raw):
    """Every firm-year's robot_exposure is its IFR industry's planted exposure (to 1e-9)."""
    firm = con.execute("select firm_id, year, ifr_code, robot_exposure from marts.idx_firm_robot").df()
    truth = pd.read_csv(tiny_raw / "truth_firms" / "robot_exposure.csv", dtype={"ifr_code": str})
    m = firm.merge(truth[["ifr_code", "year", "exposure"]], on=["ifr_code", "year"], how="left")
    assert len(m) == len(firm) > 100 and m.exposure.notna().any()
    both = m.robot_exposure.notna() | m.exposure.notna()
    np.testing.assert_allclose(m.loc[both, "robot_exposure"].astype(float), m.loc[both, "exposure"],
                               rtol=1e-9, atol=1e-12)


def test_industry_penetration_sums_its_leaves(con):
    ind = con.execute("select * from marts.idx_robot_industry").df().set_index(["industry", "year"])
    leaf = con.execute("select r.*, g.group_code from marts.idx_robot_ifr r "
                       "join seeds.ifr_industry_groups g using (ifr_code)").df()
    agg = leaf.groupby(["group_code", "year"])[["stock_true", "employment_base"]].sum(min_count=1)
    agg.index.names = ["industry", "year"]
    assert set(ind.index.get_level_values(0)) == set(leaf.group_code) and len(set(leaf.group_code)) == 14
    np.testing.assert_allclose(ind.loc[agg.index, "stock_true"], agg.stock_true, rtol=1e-12)
    per = float(dbt_vars()["rdv_robot_per_workers"])                          # 1: robots per worker
    pr = per * agg.stock_true / agg.employment_base
    np.testing.assert_allclose(ind.loc[agg.index, "pr"], pr, rtol=1e-12)        # level (rdv_robot_transform)


def test_io_tables_staged_and_rejected(con, tiny_raw):
    rows = con.execute("select table_year, row_kind, count(*) as n from staging.stg_io__table_rows "
                       "group by all").df()
    assert set(rows.table_year) == set(io_writer.YEARS)
    assert (rows[rows.row_kind == "sector"].n == 42).all()
    rej = con.execute("select reason, reject_column, reject_value from staging.stg_io__table_rows_rejects").df()
    assert sorted(rej.reason) == sorted(reason for _, reason in BAD_IO_LINES)
    assert rej.set_index("reason").loc["value_not_numeric", "reject_value"] == "abc"
    rec = con.execute("select * from marts.rpt_raw_reconciliation where source = 'io_tables'").df()
    assert len(rec) == len(io_writer.YEARS) and rec.reconciles.all()
    flows = con.execute("select count(*) from staging.stg_io__flows where row_kind = 'sector' "
                        "and column_code in (select sector_code from seeds.io_sectors)").fetchone()[0]
    assert flows == len(io_writer.YEARS) * 42 * 42


def test_cny_per_usd_and_bec_helpers(con):
    fx = con.execute("select * from intermediate.int_macro__cny_per_usd order by year").df().set_index("year")
    assert fx.loc[2000, "source"] == "nbs_yearbook_seed" and fx.loc[2000, "cny_per_usd"] == pytest.approx(8.2784)
    assert fx.loc[2010, "source"] == "wdi"
    bec = con.execute("select sna_class, count(*) from intermediate.int_product__hs96_bec group by 1").df()
    assert {"intermediate", "capital", "consumption"} <= set(bec.sna_class)


def test_cic_ifr_seed_covers_both_cic_vintages_and_the_14_industries():
    """Every manufacturing division (13-43) of GB/T 4754-2002 and 2011 reaches one of the paper's
    14 industries through seeds cic_ifr_industry and ifr_industry_groups, and each vintage reaches
    all 14."""
    from synthetic import seeds

    groups = {r["ifr_code"]: r["group_code"] for r in seeds.seed("ifr_industry_groups")}
    assert len(set(groups.values())) == 14
    for vintage in ("2002", "2011"):
        table = {r["cic_prefix"]: r["ifr_code"] for r in seeds.seed("cic_ifr_industry") if r["cic_version"] == vintage}
        divisions = [f"{d:02d}" for d in range(13, 44) if f"{d:02d}" in table]
        assert len(divisions) >= 30, vintage                                    # 38 does not exist in 2002
        reached = {groups[seeds.longest_prefix(p, table)] for p in table if p[:2] in divisions}
        assert all(table[d] in groups for d in divisions), vintage
        assert reached == set(groups.values()), (vintage, set(groups.values()) - reached)
