"""Paper 004's product-level quality model (int_quality__tdq_ksw.py) on hand-made data.

The dbt Python model is imported as a module: its imposed-sigma path must equal the OLS
residual of eq. (10) (group demeaning, and statsmodels with dummies when a product x mode
effect is added), give no quality to singletons or rows without sigma, recover ln lambda up to
its cell mean, and the 2SLS path must be tradewh.quality_iv's residual divided by
(Soderbery sigma - 1). The whole model runs on a fake dbt object and is deterministic under a
shuffled input.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "dbt_project" / "models" / "intermediate" / "quality" / "int_quality__tdq_ksw.py"


@pytest.fixture(scope="module")
def ksw():
    spec = importlib.util.spec_from_file_location("tdq_ksw_model", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def simulate(seed: int = 3, n_firms: int = 60, noise: float = 0.2) -> pd.DataFrame:
    """KSW demand: ln q = chi_cdt - sigma ln p + (sigma - 1) ln lambda + e, sigma = 4."""
    r = np.random.default_rng(seed)
    rows = []
    for f in range(n_firms):
        for c in range(3):
            for d in range(4):
                if r.random() < 0.35:
                    continue
                for t in (2005, 2006):
                    for m in ("ordinary", "processing"):
                        if r.random() < 0.6:
                            rows.append((f"F{f:03d}", t, f"D{d}", f"8471{c:04d}", m, "台"))
    rows.append(("F999", 2005, "D9", "84710000", "ordinary", "台"))     # alone in its cell: a singleton
    df = pd.DataFrame(rows, columns=["firm_id", "year", "destination", "product", "trade_mode", "unit"])
    n = len(df)
    lam = r.normal(0, 0.5, n)
    chi = pd.factorize(df["product"] + df["destination"] + df["year"].astype(str))[0] * 0.1
    df["ln_p"] = 1.0 + 0.5 * lam + r.normal(0, 0.3, n)
    df["ln_q"] = chi - 4.0 * df["ln_p"] + 3.0 * lam + noise * r.standard_normal(n)
    df["ln_lambda_true"] = lam
    df["value_usd"] = np.exp(df["ln_p"] + df["ln_q"])
    df["quantity"] = np.exp(df["ln_q"])
    df["sigma_sy"] = 4.0
    df["sigma_bw"] = np.nan
    df["ln_p_lag"] = np.nan
    return df


def cell_mean_residual(df: pd.DataFrame, y: np.ndarray) -> np.ndarray:
    key = df["product"] + "|" + df["unit"] + "|" + df["destination"] + "|" + df["year"].astype(str)
    s = pd.Series(y, index=df.index)
    n = key.map(key.value_counts())
    return np.where(n > 1, s - s.groupby(key).transform("mean"), np.nan)


def test_imposed_sigma_is_the_cell_demeaned_residual_over_sigma_minus_one(ksw):
    df = simulate()
    sigma = np.full(len(df), 4.0)
    got = ksw.imposed(df, sigma, mode_fe=False)
    want = cell_mean_residual(df, df["ln_q"].to_numpy() + 4.0 * df["ln_p"].to_numpy()) / 3.0
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.nanmax(np.abs(got - want)) < 1e-12
    # singletons (alone in their product x unit x destination x year cell) have no quality
    key = df["product"] + df["destination"] + df["year"].astype(str)
    single = key.map(key.value_counts()).to_numpy() == 1
    assert single.any() and np.isnan(got[single]).all()


def test_imposed_sigma_recovers_ln_lambda_up_to_its_cell_mean(ksw):
    df = simulate(noise=0.0)
    got = ksw.imposed(df, np.full(len(df), 4.0), mode_fe=False)
    want = cell_mean_residual(df, df["ln_lambda_true"].to_numpy())
    assert np.nanmax(np.abs(got - want)) < 1e-10


def test_missing_or_invalid_sigma_gives_no_quality(ksw):
    df = simulate()
    sigma = np.full(len(df), 4.0)
    sigma[:10] = np.nan
    sigma[10:20] = 1.0
    got = ksw.imposed(df, sigma, mode_fe=False)
    assert np.isnan(got[:20]).all()
    # heterogeneous sigma: each row's own (ln q + sigma ln p) residual over its own sigma - 1
    sig = np.where(df["destination"] == "D0", 3.0, 5.0)
    got = ksw.imposed(df, sig, mode_fe=False)
    want = cell_mean_residual(df, df["ln_q"].to_numpy() + sig * df["ln_p"].to_numpy()) / (sig - 1)
    assert np.nanmax(np.abs(got - want)) < 1e-12


def test_product_by_mode_effect_equals_ols_with_dummies(ksw):
    import statsmodels.api as sm

    df = simulate(seed=5)
    got = ksw.imposed(df, np.full(len(df), 4.0), mode_fe=True)
    y = df["ln_q"].to_numpy() + 4.0 * df["ln_p"].to_numpy()
    for product, part in df.groupby("product"):
        idx = part.index.to_numpy()
        keep = ~np.isnan(got[idx])
        rows = idx[keep]
        cells = pd.get_dummies(part.loc[rows, "destination"] + part.loc[rows, "year"].astype(str), dtype=float)
        modes = pd.get_dummies(part.loc[rows, "trade_mode"], dtype=float, drop_first=True)
        X = pd.concat([cells, modes], axis=1).to_numpy()
        resid = sm.OLS(y[rows], X).fit().resid
        assert np.max(np.abs(got[rows] - resid / 3.0)) < 1e-9, product


def test_estimated_price_coefficient_divides_the_2sls_residual_by_soderbery_sigma(ksw):
    from tradewh.quality_iv import leave_one_out_mean, product_iv

    df = simulate(seed=7)
    z = leave_one_out_mean(df["ln_p"].to_numpy(), [df["firm_id"], df["product"], df["unit"], df["year"]],
                           [df["destination"]])
    sy = np.where(df["destination"] == "D1", 3.5, 4.5)
    lam, products = ksw.estimated(df, z, sy, "soderbery", min_obs=10)
    work = pd.DataFrame({"pkey": df["product"] + "|" + df["unit"], "ln_q": df["ln_q"], "ln_p": df["ln_p"], "z": z,
                         "destination": df["destination"], "year": df["year"]})
    ref = product_iv(work, product="pkey", lnq="ln_q", lnp="ln_p", instrument="z", exog=(),
                     fe=("destination", "year"), min_obs=10)
    want = ref.obs["eps"].to_numpy() / (sy - 1)
    assert np.array_equal(np.isnan(lam), np.isnan(want))
    assert np.nanmax(np.abs(lam - want)) < 1e-12
    lam_hat, _ = ksw.estimated(df, z, sy, "estimated", min_obs=10)
    assert np.nanmax(np.abs(lam_hat - ref.obs["quality"].to_numpy())) < 1e-12
    assert set(products["status"]) <= {"ok", "skipped"}


class _Config:
    def __init__(self, meta):
        self.meta = meta

    def __call__(self, **kw):
        return None

    def meta_get(self, key):
        return self.meta.get(key)


class _Relation:
    def __init__(self, df):
        self._df = df

    def df(self):
        return self._df.copy()


class _FakeDbt:
    def __init__(self, df, meta):
        self._df, self.config = df, _Config(meta)

    def ref(self, name):
        assert name == "int_quality__tdq_input"
        return _Relation(self._df)


META = {"tdq_ksw_mode_fe": "False", "tdq_sigma_constant": "4", "tdq_iv_sigma": "soderbery",
        "tdq_qop_instrument": "firm_other_destinations", "tdq_iv_min_obs": "10"}


def test_the_model_is_deterministic_and_names_a_bad_var(ksw):
    df = simulate(seed=11)
    df["ln_p_lag"] = df["ln_p"] + 0.01     # any instrument will do here
    out1 = ksw.model(_FakeDbt(df, META), None)
    out2 = ksw.model(_FakeDbt(df.sample(frac=1.0, random_state=1), META), None)
    pd.testing.assert_frame_equal(out1, out2)
    # QKL with sigma 4 equals QSY with a sigma of 4 everywhere
    assert np.allclose(out1["lnlambda_kl"], out1["lnlambda_sy"], equal_nan=True)
    assert out1["lnlambda_bw"].isna().all()          # no Broda-Weinstein sigma
    with pytest.raises(ValueError, match="tdq_iv_sigma"):
        ksw.model(_FakeDbt(df, {**META, "tdq_iv_sigma": "both"}), None)
    with pytest.raises(ValueError, match="tdq_qop_instrument"):
        ksw.model(_FakeDbt(df, {**META, "tdq_qop_instrument": "nearest"}), None)
    with pytest.raises(ValueError, match="tdq_iv_min_obs"):
        ksw.model(_FakeDbt(df, {k: v for k, v in META.items() if k != "tdq_iv_min_obs"}), None)


def test_every_broda_weinstein_country_maps_to_iso3():
    """The seed bw_countries names each (ccode, cname) of the published table (the landed table
    is joined on both, so a file with other codes would not silently take these countries)."""
    import csv

    from conftest import reference_dir

    from tradewh.landing.stata import read_bw_sigmas

    ref = reference_dir()
    if ref is None or not (ref / "elasticities").is_dir():
        pytest.skip("no reference directory (TRADEWH_REFERENCE_DIR or ../shared/reference)")
    bw = read_bw_sigmas(next((ref / "elasticities").glob("*.dta")))
    with open(ROOT / "dbt_project" / "seeds" / "bw_countries.csv", encoding="utf-8") as f:
        seed = {(int(r["ccode"]), r["cname"]): r["iso3"] for r in csv.DictReader(f)}
    pairs = set(zip(bw["ccode"].astype(int), bw["cname"]))
    assert pairs == set(seed), sorted(pairs ^ set(seed))
    assert len(set(seed.values())) == len(seed) == 73
