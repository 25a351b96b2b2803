"""Paper 001's SQL indices on small hand-made inputs, checked against hand computations.

Each test writes a few hand-made tables into an empty DuckDB file under the names of the
models they stand for, runs only the models under test with dbt (`dbt run --select ...`:
their refs resolve to the hand-made tables) and compares with the arithmetic written out here:
- DVAR (eq. 2) of a pure-processing, a pure-ordinary, a mixed and an intermediary-supplied
  firm, through the intermediaries' import shares and the firm's actual imports, under the
  printed and the standard signs and every bounds rule;
- the Theil index and the highest DVAR of an industry-year (Table 8);
- an input-output table aggregated to industries (a sector split by survey output) and the
  For / Back linkages (Table 7).
"""
from __future__ import annotations

import math
import os

import duckdb
import pandas as pd
import pytest

from tradewh.dbt_runner import run_dbt
from tradewh.settings import resolve_paths

pytestmark = pytest.mark.slow      # each test runs dbt (a parse and a few models)

YEAR, FX = 2005, 8.0          # yuan per USD: thousand yuan x 1000 / 8 = x 125 USD


def _build(tmp_path, tables: dict[str, pd.DataFrame], select: str, extra_vars: dict | None = None,
           name: str = "hand") -> duckdb.DuckDBPyConnection:
    """Write `tables` ('schema.table' -> frame) into a fresh warehouse, dbt-run `select` on it."""
    base = tmp_path / name
    base.mkdir()
    paths = resolve_paths(raw_dir=base / "raw", warehouse=base / "hand.duckdb", output=base / "out",
                          landing_dir=base / "landing")
    con = duckdb.connect(str(paths.warehouse))
    for full, df in tables.items():
        schema, table = full.split(".")
        con.execute(f"create schema if not exists {schema}")
        con.register("_df", df)
        con.execute(f"create or replace table {schema}.{table} as select * from _df")
        con.unregister("_df")
    con.close()
    # never the project's target/; restored at once: a module fixture runs before the autouse
    # environment guard saves os.environ, so a leaked value would reach every later dbt call
    before = os.environ.get("DBT_TARGET_PATH")
    os.environ["DBT_TARGET_PATH"] = str(base / "target")
    try:
        run_dbt(paths, ["run", "--select", select], progress=lambda _: None, extra_vars=extra_vars)
    finally:
        if before is None:
            os.environ.pop("DBT_TARGET_PATH", None)
        else:
            os.environ["DBT_TARGET_PATH"] = before
    return duckdb.connect(str(paths.warehouse), read_only=True)


# --- DVAR ------------------------------------------------------------------------------------

def _flow(firm, flow, hs6, mode, coarse, value):
    return {"firm_code": firm + "0", "firm_id": firm, "year": YEAR, "flow": flow, "hs6": hs6,
            "hs6_base": hs6, "trade_mode": mode, "trade_mode_coarse": coarse, "value_usd": float(value)}


FLOWS = pd.DataFrame([
    # A: pure processing exporter
    _flow("A", "export", "520100", "processing_assembly", "processing", 1_000_000),
    _flow("A", "import", "521000", "processing_assembly", "processing", 600_000),
    # B: pure ordinary exporter, ordinary imports of an intermediate and a consumption good
    _flow("B", "export", "720810", "ordinary", "ordinary", 500_000),
    _flow("B", "import", "720811", "ordinary", "ordinary", 200_000),
    _flow("B", "import", "610910", "ordinary", "ordinary", 100_000),
    # C: mixed exporter
    _flow("C", "export", "760120", "ordinary", "ordinary", 400_000),
    _flow("C", "export", "854212", "processing_imported", "processing", 600_000),
    _flow("C", "import", "854211", "processing_imported", "processing", 300_000),
    _flow("C", "import", "760110", "ordinary", "ordinary", 100_000),
    _flow("C", "import", "950300", "ordinary", "ordinary", 50_000),
    # D: buys part of its ordinary inputs through trading companies; imports processing
    #    equipment (outside the inputs) and exports a little in another mode
    _flow("D", "export", "940360", "ordinary", "ordinary", 300_000),
    _flow("D", "export", "940361", "processing_imported", "processing", 200_000),
    _flow("D", "export", "940362", "border", "other", 10_000),
    _flow("D", "import", "390110", "ordinary", "ordinary", 80_000),
    _flow("D", "import", "847130", "ordinary", "ordinary", 20_000),
    _flow("D", "import", "850440", "processing_imported", "processing", 50_000),
    _flow("D", "import", "847989", "processing_equipment", "processing", 10_000),
    # I: a trading company importing the same goods as D; E: another processing importer
    _flow("I", "import", "390110", "ordinary", "ordinary", 20_000),
    _flow("I", "import", "847130", "ordinary", "ordinary", 20_000),
    _flow("E", "import", "850440", "processing_imported", "processing", 150_000),
])
FLAGS = pd.DataFrame({"firm_code": ["A0", "B0", "C0", "D0", "E0", "I0"],
                      "firm_id": ["A", "B", "C", "D", "E", "I"],
                      "is_intermediary": [False, False, False, False, False, True]})
BEC = pd.DataFrame([  # HS96 -> SNA end use (the goods above)
    {"hs6": h, "sna_class": c, "is_any_intermediate": c == "intermediate"} for h, c in [
        ("521000", "intermediate"), ("720811", "intermediate"), ("610910", "consumption"),
        ("854211", "intermediate"), ("760110", "intermediate"), ("950300", "consumption"),
        ("390110", "intermediate"), ("847130", "capital"), ("850440", "intermediate"),
        ("847989", "capital")]])
ACCOUNTS = pd.DataFrame({   # thousand yuan
    "firm_id": ["A", "B", "C", "D"], "year": YEAR,
    "sales_k_rmb": [8_000.0, 40_000.0, 12_000.0, 20_000.0],
    "export_delivery_k_rmb": [8_000.0, 4_000.0, 8_800.0, 4_080.0],
    "intermediate_input_k_rmb": [6_400.0, 24_000.0, 5_600.0, 8_000.0],
    "nfa_k_rmb": [800.0, 4_000.0, 1_600.0, 2_400.0],
    "is_intermediate_input_imputed": False, "is_nfa_imputed": False})


def hand_dvar(x, xo, mp, mo_int, mo_all, sales, delivery, mt, nfa, sign=-1, c5=0.05, cn=0.0417):
    """Eq. (2) by hand, thousand-yuan values converted at 8 yuan per USD."""
    d = (sales - delivery) * 1000 / FX
    share = xo / (d + xo) if xo > 0 else 0.0          # no ordinary exports: no ordinary content
    fva = mp + share * mo_int
    dom = mt * 1000 / FX - fva
    dvar = 1 - (fva + sign * c5 * dom + sign * cn * nfa * 1000 / FX) / x
    return {"dvar_unbounded": dvar, "dvar_alt": 1 - fva / x,
            "dvar_uwz": 1 - (mp + share * mo_all) / x, "fva": fva, "d": d}


# the actual imports by hand: D's ordinary 390110 comes 20% through trading companies (I
# imports 20,000 of the 100,000), its 847130 half (20,000 of 40,000); nobody else shares a good
HAND = {
    "A": hand_dvar(1_000_000, 0, 600_000, 0, 0, 8_000, 8_000, 6_400, 800),
    "B": hand_dvar(500_000, 500_000, 0, 200_000, 300_000, 40_000, 4_000, 24_000, 4_000),
    "C": hand_dvar(1_000_000, 400_000, 300_000, 100_000, 150_000, 12_000, 8_800, 5_600, 1_600),
    "D": hand_dvar(510_000, 300_000, 50_000, 80_000 / 0.8, 80_000 / 0.8 + 20_000 / 0.5,
                   20_000, 4_080, 8_000, 2_400),
}
DVAR_MODELS = "int_dvar__intermediary_import_shares int_dvar__firm_trade idx_firm_dvar"


def _dvar_tables():
    return {"intermediate.int_customs__flows_annual": FLOWS, "intermediate.int_firm__intermediary_flags": FLAGS,
            "intermediate.int_product__hs96_bec": BEC, "intermediate.int_dvar__firm_accounts": ACCOUNTS,
            "intermediate.int_macro__cny_per_usd": pd.DataFrame({"year": [YEAR], "cny_per_usd": [FX]})}


@pytest.fixture(scope="module")
def dvar_default(tmp_path_factory):
    con = _build(tmp_path_factory.mktemp("dvar"), _dvar_tables(), DVAR_MODELS)
    yield con
    con.close()


def test_intermediary_shares_and_actual_imports(dvar_default):
    s = dvar_default.execute("select hs6, regime, intermediary_share "
                             "from intermediate.int_dvar__intermediary_import_shares").df()
    s = s.set_index(["hs6", "regime"]).intermediary_share
    assert s[("390110", "ordinary")] == pytest.approx(0.2) and s[("847130", "ordinary")] == pytest.approx(0.5)
    assert s[("850440", "processing")] == 0 and ("847989", "processing") not in s.index  # equipment is no input
    t = dvar_default.execute("select * from intermediate.int_dvar__firm_trade where firm_id = 'D'").df().iloc[0]
    assert (t.x_usd, t.x_ordinary_usd, t.x_processing_usd) == (510_000, 300_000, 200_000)
    assert t.m_ordinary_direct_usd == 100_000 and t.m_ordinary_actual_usd == pytest.approx(140_000)
    assert t.m_ordinary_intermediate_actual_usd == pytest.approx(100_000)       # 847130 is a capital good
    assert t.m_processing_direct_usd == t.m_processing_actual_usd == 50_000      # equipment left out
    assert "I" not in set(dvar_default.execute("select firm_id from intermediate.int_dvar__firm_trade").df().firm_id)


def test_dvar_equals_hand_computation(dvar_default):
    df = dvar_default.execute("select * from marts.idx_firm_dvar order by firm_id").df().set_index("firm_id")
    assert list(df.index) == ["A", "B", "C", "D"]
    assert df.exporter_type.to_dict() == {"A": "pure_processing", "B": "pure_ordinary", "C": "mixed", "D": "mixed"}
    for firm, h in HAND.items():
        r = df.loc[firm]
        assert r.d_usd == pytest.approx(h["d"]) and r.fva_direct_usd == pytest.approx(h["fva"])
        assert r.dvar_unbounded == pytest.approx(h["dvar_unbounded"], abs=1e-12)
        assert r.dvar_alt == pytest.approx(h["dvar_alt"], abs=1e-12)
        assert r.dvar_uwz == pytest.approx(h["dvar_uwz"], abs=1e-12)
    # the numbers themselves, so that the hand formula cannot drift with the SQL
    assert df.loc["A", "dvar"] == pytest.approx(1 - (600_000 - 0.05 * 200_000 - 0.0417 * 100_000) / 1_000_000)
    assert df.loc["C", "dvar"] == pytest.approx(0.67584)
    # B's printed-sign DVAR exceeds 1 (its 5% term is large next to its exports): dropped, counted
    assert df.loc["B", "dvar_unbounded"] == pytest.approx(1.2997) and math.isnan(df.loc["B", "dvar"])
    assert df.loc["B", "dvar_bound_status"] == "above_1"
    assert df.loc["A", "dvar_uwz"] < df.loc["B", "dvar_uwz"]             # processing below ordinary


def test_dvar_standard_sign(tmp_path):
    con = _build(tmp_path, _dvar_tables(), DVAR_MODELS,
                 extra_vars={"rdv_dvar_sign": "standard", "rdv_dvar_bounds": "keep"})
    df = con.execute("select firm_id, dvar, dvar_unbounded from marts.idx_firm_dvar").df().set_index("firm_id")
    con.close()
    args = {"A": (1_000_000, 0, 600_000, 0, 0, 8_000, 8_000, 6_400, 800),
            "B": (500_000, 500_000, 0, 200_000, 300_000, 40_000, 4_000, 24_000, 4_000),
            "C": (1_000_000, 400_000, 300_000, 100_000, 150_000, 12_000, 8_800, 5_600, 1_600)}
    for firm, a in args.items():
        h = hand_dvar(*a, sign=+1)
        assert df.loc[firm, "dvar"] == df.loc[firm, "dvar_unbounded"] == pytest.approx(h["dvar_unbounded"], abs=1e-12)
    assert df.loc["A", "dvar"] == pytest.approx(1 - (600_000 + 0.05 * 200_000 + 0.0417 * 100_000) / 1_000_000)


def test_dvar_without_intermediary_adjustment_and_capped(tmp_path):
    con = _build(tmp_path, _dvar_tables(), DVAR_MODELS,
                 extra_vars={"rdv_intermediary_adjustment": "none", "rdv_ordinary_import_goods": "all",
                             "rdv_dvar_bounds": "cap"})
    df = con.execute("select * from marts.idx_firm_dvar").df().set_index("firm_id")
    con.close()
    d = df.loc["D"]
    assert d.m_ordinary_actual_usd == 100_000 and d.m_o_am_usd == 100_000      # direct imports only, every good
    h = hand_dvar(510_000, 300_000, 50_000, 100_000, 100_000, 20_000, 4_080, 8_000, 2_400)
    assert d.dvar_unbounded == pytest.approx(h["dvar_unbounded"], abs=1e-12)
    assert d.dvar == pytest.approx(min(max(h["dvar_unbounded"], 0.0), 1.0), abs=1e-12)
    assert df.loc["B", "dvar_unbounded"] > 1 and df.loc["B", "dvar"] == 1.0        # capped at 1


# --- Theil and the frontier (Table 8) ----------------------------------------------------------

def test_theil_index_by_hand(tmp_path):
    base = pd.DataFrame({
        "firm_id": list("abcdefghi"), "year": [2005, 2005, 2005, 2006, 2006, 2005, 2005, 2005, 2005],
        "industry": ["g1"] * 5 + ["g2"] * 4, "cic2": "13",
        "dvar": [0.2, 0.4, 0.6, 0.5, 0.5, 0.3, None, -0.1, 0.9]})
    con = _build(tmp_path, {"intermediate.int_dvar__panel_base": base}, "idx_dvar_dispersion")
    t = con.execute("select theil_group, year, n_firms, mean_dvar, max_dvar, theil from marts.idx_dvar_dispersion"
                    ).df().set_index(["theil_group", "year"])
    con.close()
    assert t.loc[("g1", 2005), "theil"] == pytest.approx((0.5 * math.log(0.5) + 1.5 * math.log(1.5)) / 3)
    assert t.loc[("g1", 2006), "theil"] == pytest.approx(0.0, abs=1e-15)            # equal DVARs
    g2 = t.loc[("g2", 2005)]                                                        # DVAR <= 0 and NULL left out
    assert (g2.n_firms, g2.mean_dvar, g2.max_dvar) == (2, pytest.approx(0.6), 0.9)
    assert g2.theil == pytest.approx((0.5 * math.log(0.5) + 1.5 * math.log(1.5)) / 2)


# --- input-output linkages (Table 7) --------------------------------------------------------

def test_io_aggregation_and_linkages_by_hand(tmp_path):
    sectors = pd.DataFrame({"classification": "t", "sector_code": ["01", "02", "02", "03"],
                            "sector_name": ["s1", "s2", "s2", "services"], "cic2": ["13", "26", "27", None],
                            "note": None})
    # Z (万元): row sells to column; sector 02 spans industries B (division 26) and C (27)
    z = {("01", "01"): 10.0, ("01", "02"): 40.0, ("01", "03"): 10.0, ("02", "01"): 80.0, ("02", "02"): 16.0,
         ("02", "03"): 4.0, ("03", "01"): 20.0, ("03", "02"): 8.0, ("03", "03"): 2.0}
    flows = pd.DataFrame([{"table_year": 2002, "row_code": r, "row_kind": "sector", "column_code": c,
                           "value_10k_yuan": v} for (r, c), v in z.items()])
    rows = pd.DataFrame({"table_year": 2002, "row_code": ["01", "02", "03"], "row_kind": "sector"})
    survey = pd.DataFrame({"year": 2002, "cic_version": "GB/T 4754-2002", "cic_code": ["1310", "2610", "2710"],
                           "gross_output_k_rmb": [50.0, 300.0, 100.0]})
    cic = pd.DataFrame({"cic_vintage": "2002", "cic_code": ["1310", "2610", "2710"], "cic2": ["13", "26", "27"],
                        "industry": ["A", "B", "C"]})
    pr = pd.DataFrame({"industry": ["A", "B", "C"], "year": 2005, "pr": [1.0, 10.0, 100.0]})
    con = _build(tmp_path, {"seeds.io_sectors": sectors, "staging.stg_io__flows": flows,
                            "staging.stg_io__table_rows": rows, "staging.stg_asif__firms": survey,
                            "intermediate.int_robot__cic_ifr": cic, "marts.idx_robot_industry": pr},
                 "int_io__industry_flows idx_industry_linkage", extra_vars={"io_classification": "t"})
    f = con.execute("select * from intermediate.int_io__industry_flows").df()
    f = f.set_index(["from_industry", "to_industry"])
    link = con.execute("select * from marts.idx_industry_linkage").df().set_index("industry")
    con.close()
    sb, sc = 0.75, 0.25                               # sector 02 split by survey output 300 : 100
    assert f.loc[("A", "B"), "flow_10k_yuan"] == pytest.approx(40 * sb)
    assert f.loc[("B", "C"), "flow_10k_yuan"] == pytest.approx(sb * 16 * sc)
    assert f.loc[("C", "A"), "flow_10k_yuan"] == pytest.approx(sc * 80)
    tii = {"A": 10 + 80 + 20, "B": (40 + 16 + 8) * sb, "C": (40 + 16 + 8) * sc}      # inputs from every sector
    tiu = {"A": 10 + 40 + 10, "B": (80 + 16 + 4) * sb, "C": (80 + 16 + 4) * sc}      # sales to every sector
    assert f.loc[("B", "A"), "to_total_inputs_10k_yuan"] == pytest.approx(tii["A"])
    assert f.loc[("A", "C"), "from_total_use_10k_yuan"] == pytest.approx(tiu["A"])
    p = {"A": 1.0, "B": 10.0, "C": 100.0}
    z_ind = {("A", "A"): 10, ("A", "B"): 40 * sb, ("A", "C"): 40 * sc, ("B", "A"): 80 * sb, ("C", "A"): 80 * sc,
             ("B", "B"): 16 * sb * sb, ("B", "C"): 16 * sb * sc, ("C", "B"): 16 * sc * sb, ("C", "C"): 16 * sc * sc}
    for j in "ABC":
        up = sum(z_ind[(k, j)] / tii[j] * p[k] for k in "ABC" if k != j)
        down = sum(z_ind[(j, k)] / tiu[j] * p[k] for k in "ABC" if k != j)
        assert link.loc[j, "for_link"] == pytest.approx(up) and link.loc[j, "back_link"] == pytest.approx(down)
    assert link.loc["A", "for_link"] == pytest.approx((80 * sb * 10 + 80 * sc * 100) / 110)
