"""Standard errors of analysis/fitting/feols.py (pyfixest behind it) against statsmodels OLS with
explicit FE dummies (tests/independent_ols.py), on the papers' own spec columns and synthetic data.

iid and HC1 with absorbed province and year effects (paper 003, whose default vcov is iid):
    iid  V = SSR/(N − p) · (X'X)⁻¹;  HC1  V = N/(N − p) · (X'X)⁻¹ Σ x_i x_i' û_i² (X'X)⁻¹,
    p = regressors + 1 + (provinces − 1) + (years − 1) = every parameter of the dummy regression
    (for iid and HC1 pyfixest counts every FE level, nested or not, minus one per extra FE — the
    dummy regression's p; N/(N − p) is the factor of Stata's ``regress, vce(robust)`` on the dummy
    regression, not reghdfe's CRV-style (N − 1)/(N − K)); t-tests and intervals use t(N − p).
CRV1 by HS6 (paper 000): V = (N − 1)/(N − K) · G/(G − 1) · sandwich with reghdfe's K (FE nested in
    the clusters do not count; nesting decided from the data), t(G − 1). Three designs: product
    FE nested by name (hs6 + importer + year, Table 3 column 3), product-importer FE nested in the
    HS6 clusters by construction (hs6^importer + year, column 4), and nothing nested (column 4
    clustered by HS6 x period).

Tolerances: see ``independent_ols.assert_same_inference``.
"""
from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from independent_ols import (
    P_TOL,
    TOL,
    TRADE_CONTROLS,
    assert_same_inference,
    fe_key,
    nested_in,
    ref_ols,
    reghdfe_k,
    trade_panel,
)
from scipy import stats as st

from analysis import ESTIMATORS, load_study

PDT_CONTROLS = ["d_lnpgdp", "d_lnfcl", "d_open", "d_lnsci"]
EVENT_PATH = {2015: 0.05, 2016: 0.10, 2017: 0.15, 2018: 0.20, 2019: 0.20, 2020: 0.25}


@pytest.fixture(scope="module")
def province_panel() -> pd.DataFrame:
    """Paper 003's variables: 30 provinces x 2011–2022, about 10% of rows missing, errors whose
    variance grows with |dig| (so HC1 and iid differ)."""
    r = np.random.default_rng(20261205)
    prov, year = np.repeat(np.arange(30), 12), np.tile(np.arange(2011, 2023), 30)
    keep = r.random(prov.size) > 0.1
    prov, year = prov[keep], year[keep]
    fe_p, fe_t = r.normal(0, 1, 30)[prov], r.normal(0, 0.3, 12)[year - 2011]
    df = pd.DataFrame({"province": [f"{110000 + 10000 * k}" for k in prov], "year": year})
    df["dig"] = 0.2 + 0.1 * fe_p + 0.02 * (year - 2011) + r.gamma(2.0, 0.05, prov.size)
    for c in PDT_CONTROLS:
        df[c] = r.normal(0, 0.1, prov.size) + 0.05 * fe_t
    noise = r.normal(0, 1, prov.size) * (0.02 + 0.4 * np.abs(df["dig"] - 0.3))
    df["tsi"] = 10.5 + 2.7 * df["dig"] + df[PDT_CONTROLS].to_numpy() @ [-0.26, 0.02, 0.06, -0.09] + fe_p + fe_t + noise
    return df


@pytest.mark.parametrize("vcov", ["spec", "HC1", "hetero"])
def test_iid_and_hc1_with_absorbed_fe_match_statsmodels_dummies(province_panel, vcov):
    col = load_study("province_digital_tsi").table("table3").columns[4]
    assert col.formula == "tsi ~ dig + d_lnpgdp + d_lnfcl + d_open + d_lnsci | province+year"
    assert col.vcov == "iid"                           # paper 003's default: no clustering stated
    if vcov != "spec":
        col = dataclasses.replace(col, vcov=vcov)      # pyfixest's "hetero" is HC1
    ours = ESTIMATORS[col.estimator].fit(province_panel, col).coefs.set_index("term")
    ref = ref_ols(province_panel, "tsi", ["dig"] + PDT_CONTROLS, ["province", "year"],
                  "iid" if vcov == "spec" else "HC1")
    assert ref.df_t == len(province_panel) - (5 + 1 + 29 + 11)
    assert_same_inference(ours, ref, ["dig"] + PDT_CONTROLS)
    # _cons = ȳ − x̄'b with se sqrt(x̄'Vx̄) (means fixed), V from the dummy regression, t(N − p).
    # (reghdfe's own _cons SE comes from its regression on a constant and here also carries the
    # sampling variance of ȳ: about s²/N more under iid; ours is the documented delta method.)
    xs = ["dig"] + PDT_CONTROLS
    xbar = province_panel[xs].to_numpy(float).mean(axis=0)
    cons = province_panel["tsi"].mean() - xbar @ ref.params[xs].to_numpy()
    se = math.sqrt(xbar @ ref.vcov.loc[xs, xs].to_numpy() @ xbar)
    row = ours.loc["_cons"]
    assert (row.estimate, row.std_error) == pytest.approx((cons, se), rel=TOL)
    q = st.t.ppf(0.975, ref.df_t)
    assert row.p_value == pytest.approx(2 * st.t.sf(abs(cons / se), ref.df_t), rel=P_TOL)
    ends = pytest.approx((cons - q * se, cons + q * se), abs=TOL * (abs(cons) + 3 * se))
    assert (row.conf_low, row.conf_high) == ends


def _trade() -> pd.DataFrame:
    df = trade_panel(20261206, EVENT_PATH)
    df["hs6_period"] = df["hs6"] + "_" + (df["year"] >= 2015).astype(int).astype(str)
    return df


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return _trade()


def _paper000_column(name: str):
    return next(c for c in load_study("ai_policy_quality").table("table3").columns if c.name == name)


# (Table 3 column, cluster, FE expected nested in the clusters)
DESIGNS = {"hs6 nested by name": ("(3)", "hs6", {"hs6"}),
           "hs6^importer nested": ("(4)", "hs6", {"hs6^importer"}),
           "nothing nested": ("(4)", "hs6_period", set())}


@pytest.mark.parametrize("design", list(DESIGNS))
def test_crv1_with_fe_nested_in_hs6_clusters_matches_reghdfe_convention(trade, design):
    name, cluster, nested = DESIGNS[design]
    col = _paper000_column(name)
    assert col.vcov == {"CRV1": "hs6"}                 # "全部回归均聚类到产品层面"
    fes = col.parsed.fixef
    assert {fe for fe in fes if nested_in(trade, fe, cluster)} == nested   # the design is what it says
    col = dataclasses.replace(col, vcov={"CRV1": cluster})
    xs = ["did"] + TRADE_CONTROLS
    ours = ESTIMATORS[col.estimator].fit(trade, col)
    ref = ref_ols(trade, "lnquality", xs, fes, {"CRV1": cluster})
    assert_same_inference(ours.coefs.set_index("term"), ref, xs)
    assert ours.stats["n_clusters"] == trade[cluster].nunique()
    # power: counting every FE level instead would move the SEs by more than 1%
    N, K = len(trade), reghdfe_k(trade, len(xs), fes, cluster)
    K_all = len(xs) + 1 + sum(fe_key(trade, fe).nunique() - 1 for fe in fes)
    assert (K == K_all) == (not nested)
    assert not nested or (N - K) / (N - K_all) > 1.01


_HASH_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from test_independent_vcov import _paper000_column, _trade
from analysis import ESTIMATORS
col = _paper000_column("(3)")
res = ESTIMATORS[col.estimator].fit(_trade(), col).coefs.set_index("term")
print(repr(float(res.loc["did", "std_error"])))
"""


def test_nested_fe_se_is_independent_of_the_fe_order_pyfixest_hashes(trade):
    """pyfixest 0.60 pairs FE names in formula order with FE columns in str-set order
    (PYTHONHASHSEED-dependent); without patch_pyfixest_fe_order, hs6 + importer + year clustered by
    hs6 counts the wrong levels as nested whenever hs6 is not first in the set. Both orders are
    run in fresh processes and compared with the independent SE."""
    root = Path(__file__).resolve().parents[1]

    def run(code: str, seed: int) -> str:
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        return subprocess.run([sys.executable, "-W", "ignore", "-c", code], env=env, check=True, cwd=root,
                              capture_output=True, text=True).stdout.strip()

    # the order of pyfixest's set(re.split(...)) of the FE names in a process with that hash seed
    first = {s: run("print(list(set('hs6+importer+year'.split('+')))[0])", s) for s in range(12)}
    seeds = [next(s for s, f in first.items() if f == "hs6"), next(s for s, f in first.items() if f != "hs6")]
    ref = ref_ols(trade, "lnquality", ["did"] + TRADE_CONTROLS, ["hs6", "importer", "year"], {"CRV1": "hs6"})
    script = _HASH_SCRIPT.format(root=str(root), tests=str(root / "tests"))
    for seed in seeds:
        assert float(run(script, seed)) == pytest.approx(ref.se("did"), rel=TOL), f"PYTHONHASHSEED={seed}"
