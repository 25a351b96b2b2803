"""Planted values through the outcome's scale (spec truth `scale`): the multiplier rows
diag:truth_scale:<term> and the comparison that uses them, for ols, iv and bdiff columns."""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from analysis import SpecError, fetch_from, load_study, run_study
from analysis.core.schema import diag_term
from analysis.reporting.compare import compare_regression

DELTA = 0.4
FE = "firm + year + pair"


def _panel(seed=5) -> pd.DataFrame:
    """y = DELTA x s x d + FE + noise: the effect of d on y is DELTA per unit of the scale s."""
    r = np.random.default_rng(seed)
    firms, dests, years = 60, 4, np.arange(2008, 2015)
    F, M, Y = (a.ravel() for a in np.meshgrid(np.arange(firms), np.arange(dests), years, indexing="ij"))
    z = r.normal(size=F.size)                                    # instrument
    d = np.maximum(0.8 * z + r.normal(0, 0.7, F.size) + r.normal(0, 0.5, firms)[F], 0)
    s = np.exp(r.normal(-1, 0.4, F.size))
    y = DELTA * s * d + r.normal(0, 0.3, firms * dests)[F * dests + M] + 0.05 * (Y - 2008) + r.normal(0, 0.05, F.size)
    return pd.DataFrame({"firm": [f"f{f}" for f in F], "dest": [f"m{m}" for m in M], "year": Y,
                         "pair": [f"f{f}|m{m}" for f, m in zip(F, M)], "d": d, "z": z, "s": s, "y": y,
                         "grp": (F % 2).astype(int)})


def _spec(columns) -> dict:
    return {"study": "scaled", "title": "t", "panel": "panel_scaled", "defaults": {"vcov": {"CRV1": "firm"}},
            "tables": [{"id": "t1", "rows": ["d"], "columns": columns}]}


TRUTH = {"studies": {"scaled": {"delta": DELTA}}}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    df = _panel()
    con = duckdb.connect()
    con.register("panel_scaled", df)
    cols = [
        {"name": "ols", "formula": f"y ~ d | {FE}", "truth": {"d": {"key": "studies.scaled.delta", "scale": "s"}}},
        {"name": "iv", "estimator": "iv", "formula": f"y ~ 1 | {FE} | d ~ z",
         "truth": {"d": {"key": "studies.scaled.delta", "check": "covers", "scale": "s"}}},
        {"name": "bdiff", "estimator": "bdiff", "formula": f"y ~ d | {FE}", "sample": "grp in (0, 1)",
         "options": {"group": "grp", "groups": [1, 0], "draws": 20, "seed": 3},
         "truth": {"d": {"key": "studies.scaled.delta", "scale": "s"}}},
    ]
    study = load_study(_spec(cols))
    out = tmp_path_factory.mktemp("scaled")
    res = run_study(study, fetch_from(con), out, truth=TRUTH)
    return df, study, res


def test_multiplier_is_the_regression_of_scale_times_term(run):
    df, _, res = run
    est = res.estimates.set_index(["column", "term"])
    key = diag_term("truth_scale", "d")
    d = df.assign(sd=df.s * df.d)
    ols = pf.feols(f"sd ~ d | {FE}", d).coef()["d"]
    iv = pf.feols(f"sd ~ 1 | {FE} | d ~ z", d).coef()["d"]
    first = pf.feols(f"sd ~ d | {FE}", d[d.grp == 1]).coef()["d"]
    assert est.loc[("ols", key), "estimate"] == pytest.approx(ols, rel=1e-9)
    assert est.loc[("iv", key), "estimate"] == pytest.approx(iv, rel=1e-7)
    assert est.loc[("bdiff", key), "estimate"] == pytest.approx(first, rel=1e-9)
    # the multiplier is about the mean scale, and the estimate recovers DELTA x multiplier
    assert 0.25 < ols < 0.55
    for col in ("ols", "iv", "bdiff"):
        b, m = est.loc[(col, "d"), "estimate"], est.loc[(col, key), "estimate"]
        assert abs(b - DELTA * m) < 3 * est.loc[(col, "d"), "std_error"]


def test_comparison_uses_the_scaled_planted_value(run):
    _, study, res = run
    cmp = compare_regression(study.table("t1"), res.estimates, TRUTH).set_index("column")
    est = res.estimates.set_index(["column", "term"])
    for col in ("ols", "iv", "bdiff"):
        m = est.loc[(col, diag_term("truth_scale", "d")), "estimate"]
        assert cmp.loc[col, "truth_value"] == pytest.approx(DELTA * m)
        assert cmp.loc[col, "truth_text"] == f"{DELTA:.4g} × {m:.4g}"
        assert bool(cmp.loc[col, "covers"])
    # without the scale the unscaled DELTA is far from the estimate (the scale matters)
    assert not (res.estimates.query("column == 'ols' and term == 'd'").conf_high > DELTA).any()
    report = (res.report_path).read_text()
    assert "(= 0.4 ×" in report


def test_scale_must_name_a_column():
    bad = {"name": "x", "formula": f"y ~ d | {FE}", "truth": {"d": {"key": "k", "scale": "s x"}}}
    with pytest.raises(SpecError, match="scale must name a panel column"):
        load_study(_spec([bad]))
    bad = {"name": "x", "formula": f"y ~ d | {FE}", "truth": {"d": {"key": "k", "factor": "s"}}}
    with pytest.raises(SpecError, match="truth"):
        load_study(_spec([bad]))
