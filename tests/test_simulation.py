"""`tradewh simulate`: the per-cell Monte Carlo summary and the determinism of a universe."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.reporting.simulation import DRAW_COLUMNS, binomial_band, summarise
from orchestration.simulate import derive_seeds, run_universe


def _draws(shift: float, check: str = "covers", n: int = 200, seed: int = 0) -> pd.DataFrame:
    """n draws of a cell whose estimate is estimand + shift + N(0, 1) with SE 1 (t ~ normal)."""
    r = np.random.default_rng(seed)
    e = r.normal(0.5, 0.1, n)                       # the estimand moves from universe to universe
    b = e + shift + r.normal(0, 1, n)
    return pd.DataFrame({"study": "s", "seed": np.arange(n), "table_id": "t", "column": "(1)", "term": "d",
                         "check": check, "estimand": "weighted_effect", "estimate": b, "std_error": 1.0,
                         "conf_low": b - 1.959964, "conf_high": b + 1.959964, "truth_value": e,
                         "planted_value": 0.5, "covers": (b - 1.959964 <= e) & (e <= b + 1.959964)})[DRAW_COLUMNS]


def test_band_is_the_central_99_percent_of_the_binomial():
    n = 30
    pmf = [math.comb(n, k) * 0.95**k * 0.05**(n - k) for k in range(n + 1)]
    cdf = np.cumsum(pmf)
    lo = next(k for k in range(n + 1) if cdf[k] >= 0.005)
    hi = next(k for k in range(n + 1) if cdf[k] >= 0.995)
    assert binomial_band(n) == (lo / n, hi / n)


def test_unbiased_cell_recovers_and_a_shifted_one_fails():
    ok = summarise(_draws(0.0)).iloc[0]
    r = np.random.default_rng(0)
    e = r.normal(0.5, 0.1, 200)
    err = r.normal(0, 1, 200)                       # the same stream as _draws(0.0)
    assert ok["bias"] == pytest.approx(err.mean()) and ok["rmse"] == pytest.approx(np.sqrt((err**2).mean()))
    assert ok["mean_estimand"] == pytest.approx(e.mean()) and ok["se_ratio"] == pytest.approx(1 / err.std(ddof=1))
    assert ok["band_low"] <= ok["coverage"] <= ok["band_high"] and ok["verdict"] == "recovers"
    bad = summarise(_draws(0.5)).iloc[0]            # half an SE of bias: mean z ~ 0.5 = 7 SE of the mean
    assert bad["verdict"] == "FAILS" and bad["mean_z"] == pytest.approx(ok["mean_z"] + 0.5)
    small_se = _draws(0.0).assign(std_error=0.5)    # standard errors half the sampling SD
    small_se[["conf_low", "conf_high"]] = np.c_[small_se.estimate - 0.98, small_se.estimate + 0.98]
    assert summarise(small_se).iloc[0]["verdict"] == "FAILS"
    assert summarise(_draws(0.0, check="reference")).iloc[0]["verdict"] == "shown for reference"
    missing = _draws(0.0).assign(estimate=np.nan, std_error=np.nan, truth_value=np.nan, check=None)
    assert summarise(missing).iloc[0]["verdict"] == "not estimable at this scale"


def test_seeds_extend_without_changing():
    assert derive_seeds(7, 3) == derive_seeds(7, 10)[:3] and len(set(derive_seeds(7, 50))) == 50
    assert derive_seeds(7, 3) != derive_seeds(8, 3)


@pytest.mark.slow
def test_a_universe_gives_the_same_estimates_twice(tmp_path):
    """Same seed, same code: the same judged cells to the last bit (fresh directories)."""
    seed = derive_seeds(2026, 1)[0]
    a = pd.read_parquet(run_universe(seed, "tiny", ["ai_policy_quality"], tmp_path / "a")["ai_policy_quality"])
    b = pd.read_parquet(run_universe(seed, "tiny", ["ai_policy_quality"], tmp_path / "b")["ai_policy_quality"])
    assert len(a) >= 20 and a["truth_value"].notna().sum() >= 20
    pd.testing.assert_frame_equal(a, b)
    assert not (tmp_path / "a" / "work").exists()      # the universe's files are removed, the cells kept


def test_simulate_caches_seeds_and_writes_every_output(tmp_path, monkeypatch):
    """simulate() with a stand-in universe: a rerun with more seeds runs only the new ones, and
    the summary reaches Markdown, CSV, the figure and the Parquet file SQL reads."""
    import orchestration.simulate as sim
    from tradewh.settings import resolve_paths

    ran = []

    def fake_universe(seed, scale, studies, seed_dir, reference_dir=None, keep=False):
        from tradewh.parquet import write_parquet

        ran.append(seed)
        seed_dir.mkdir(parents=True, exist_ok=True)
        d = _draws(0.0, n=1, seed=seed).assign(seed=seed)
        write_parquet(d, seed_dir / "s.parquet")
        return {"s": seed_dir / "s.parquet"}

    class Inline:                         # run the universes in this process (the stand-in is local)
        def __init__(self, max_workers):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, *args):
            from concurrent.futures import Future
            f = Future()
            f.set_result(fn(*args))
            return f

    monkeypatch.setattr(sim, "run_universe", fake_universe)
    monkeypatch.setattr(sim, "ProcessPoolExecutor", Inline)
    paths = resolve_paths(raw_dir=tmp_path / "raw", warehouse=tmp_path / "none.duckdb", output=tmp_path / "out")
    first = sim.simulate(["s"], 3, paths, cache_dir=tmp_path / "cache", progress=lambda _: None)
    assert ran == derive_seeds(2026, 3) and first["s"].iloc[0]["n"] == 3
    second = sim.simulate(["s"], 5, paths, cache_dir=tmp_path / "cache", progress=lambda _: None)
    assert ran == derive_seeds(2026, 5) and second["s"].iloc[0]["n"] == 5
    out = tmp_path / "out" / "s" / "simulation"
    assert {p.name for p in out.iterdir()} == {"simulation.md", "cells.csv", "draws.csv", "z_scores.png"}
    assert "| t | (1) | d | weighted_effect | 5 |" in (out / "simulation.md").read_text()
    sql = pd.read_parquet(tmp_path / "out" / "estimates" / "s__simulation.parquet")
    assert sql.loc[0, "n_universes"] == 5 and sql.loc[0, "verdict"] == second["s"].iloc[0]["verdict"]
