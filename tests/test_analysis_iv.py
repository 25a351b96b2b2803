"""The iv estimator and its diagnostics against independent implementations on the same data:
linearmodels (IV2SLS with explicit FE dummies, its first-stage diagnostics, cragg_donald_f,
kleibergen_paap(_f), IVGMM's J) and a numpy computation of the canonical correlations.

Small-sample conventions are pyfixest's, which linearmodels reproduces with ``debiased=True``
when every FE is entered as dummies (k = regressors + dummies + constant = pyfixest's df_k);
the clusters below are not nested in the FE, so nothing is subtracted from k.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from linearmodels.iv import IV2SLS, IVGMM, cragg_donald_f, kleibergen_paap, kleibergen_paap_f

from analysis import ESTIMATORS, SpecError, load_study
from analysis.core.schema import DIAGNOSTICS, diag_name
from analysis.fitting import ivdiag

VCOVS = {"iid": ("iid", {"cov_type": "unadjusted"}),
         "hetero": ("hetero", {"cov_type": "robust"}),
         "cluster": ({"CRV1": "c"}, {"cov_type": "clustered"})}


def _column(formula: str, vcov, options=None):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "t", "columns": [{"name": "c", "formula": formula, "vcov": vcov, "estimator": "iv",
                                                "options": options or {}}]}]}
    return load_study(spec).tables[0].columns[0]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """FE g (30) and t (5), clusters c (40, crossed with g), two instruments (one correlated with
    the g effects), heteroskedastic errors correlated with the endogenous regressor."""
    rng = np.random.default_rng(7)
    n = 600
    g, t, c = rng.integers(0, 30, n), rng.integers(0, 5, n), rng.integers(0, 40, n)
    ag = rng.normal(size=30)
    z1, z2, z3 = rng.normal(size=n) + 0.5 * ag[g], rng.normal(size=n), rng.normal(size=n)
    w = rng.normal(size=n) + 0.3 * t
    u = rng.normal(size=n) * (1 + 0.5 * np.abs(z1)) + rng.normal(size=40)[c]
    x = 0.6 * z1 + 0.3 * z2 + 0.2 * z3 + 0.5 * u + ag[g] + rng.normal(size=n)
    x2 = 0.4 * z2 - 0.5 * z3 + 0.3 * z1 + rng.normal(size=n)
    y = 1.5 * x - 0.5 * w + ag[g] + 0.2 * t + u
    return pd.DataFrame({"y": y, "x": x, "x2": x2, "w": w, "z1": z1, "z2": z2, "z3": z3,
                         "g": [f"g{v:02d}" for v in g], "t": t, "c": c})


def _exog(df: pd.DataFrame) -> pd.DataFrame:
    """Constant, w and the FE as dummies (what pyfixest absorbs)."""
    d = [pd.get_dummies(df["g"], drop_first=True, dtype=float),
         pd.get_dummies(df["t"], prefix="t", drop_first=True, dtype=float)]
    return pd.concat([pd.Series(1.0, index=df.index, name="const"), df[["w"]], *d], axis=1)


def _fit(df, vcov, instruments="z1+z2"):
    res = ESTIMATORS["iv"].fit(df, _column(f"y ~ w | g+t | x ~ {instruments}", vcov))
    return res, res.coefs.set_index("term")


def _lm_kw(df, name):
    _, kw = VCOVS[name]
    return {**kw, "clusters": df["c"]} if name == "cluster" else dict(kw)


@pytest.mark.parametrize("name", list(VCOVS))
def test_second_and_first_stage_match_linearmodels_dummies(data, name):
    res, ours = _fit(data, VCOVS[name][0])
    lm = IV2SLS(data["y"], _exog(data), data["x"], data[["z1", "z2"]]).fit(debiased=True, **_lm_kw(data, name))
    for term in ("x", "w"):
        assert abs(ours.loc[term, "estimate"] - lm.params[term]) < 1e-8
        assert abs(ours.loc[term, "std_error"] - lm.std_errors[term]) < 1e-8
    assert res.stats["nobs"] == len(data)
    fs = lm.first_stage
    ind = fs.individual["x"]
    for z in ("z1", "z2"):
        assert abs(ours.loc[f"diag:first_stage:x:{z}", "estimate"] - ind.params[z]) < 1e-8
        assert abs(ours.loc[f"diag:first_stage:x:{z}", "std_error"] - ind.std_errors[z]) < 1e-8
    diag = fs.diagnostics.loc["x"]
    # linearmodels' f.stat is the F with iid errors and the Wald χ² otherwise (= L · F)
    lm_f = diag["f.stat"] if name == "iid" else diag["f.stat"] / 2
    assert ours.loc["diag:first_stage_f:x", "estimate"] == pytest.approx(lm_f, rel=1e-9)
    assert ours.loc["diag:first_stage_partial_r2:x", "estimate"] == pytest.approx(diag["partial.rsquared"], abs=1e-10)


def _canonical_numpy(df: pd.DataFrame, endog: list[str], instr: list[str]) -> np.ndarray:
    """Squared canonical correlations from orthonormal bases of the partialled blocks (QR + SVD)."""
    E = _exog(df).to_numpy()
    M = lambda A: A - E @ np.linalg.lstsq(E, A, rcond=None)[0]  # noqa: E731
    qx, _ = np.linalg.qr(M(df[endog].to_numpy()))
    qz, _ = np.linalg.qr(M(df[instr].to_numpy()))
    return np.sort(np.linalg.svd(qz.T @ qx, compute_uv=False) ** 2)


@pytest.mark.parametrize("instr", [["z1"], ["z1", "z2"], ["z1", "z2", "z3"]])
def test_anderson_and_cragg_donald_vs_textbook_canonical_correlations(data, instr):
    _, ours = _fit(data, "iid", "+".join(instr))
    n, L = len(data), len(instr)
    r2 = _canonical_numpy(data, ["x"], instr)[0]
    k_exog = _exog(data).shape[1]                      # constant + w + dummies: K₁ + k_fe
    assert ours.loc["diag:anderson_lm", "estimate"] == pytest.approx(n * r2, rel=1e-10)
    assert ours.loc["diag:anderson_lm_df", "estimate"] == L
    cd = r2 / (1 - r2) * (n - L - k_exog) / L
    assert ours.loc["diag:cd_wald_f", "estimate"] == pytest.approx(cd, rel=1e-10)
    assert ours.loc["diag:cd_wald_f", "estimate"] == pytest.approx(
        cragg_donald_f(data[["x"]].to_numpy(), data[instr].to_numpy(), _exog(data).to_numpy()), rel=1e-10)
    assert ours.loc["diag:cd_wald_f_sy10", "estimate"] == {1: 16.38, 2: 19.93, 3: 22.30}[L]
    assert ("diag:sargan" in ours.index) == (L > 1)


@pytest.mark.parametrize("name", ["hetero", "cluster"])
def test_kleibergen_paap_vs_linearmodels(data, name):
    _, ours = _fit(data, VCOVS[name][0])
    kind = {"hetero": "robust", "cluster": "clustered"}[name]
    cfg = {"clusters": data["c"].to_numpy()} if name == "cluster" else None
    args = (data[["x"]].to_numpy(), data[["z1", "z2"]].to_numpy(), _exog(data).to_numpy(), kind, cfg)
    assert ours.loc["diag:kp_rk_lm", "estimate"] == pytest.approx(kleibergen_paap(*args).stat, rel=1e-9)
    assert ours.loc["diag:kp_rk_wald_f", "estimate"] == pytest.approx(kleibergen_paap_f(*args), rel=1e-9)
    # two endogenous regressors (the SVD branch of ranktest), on the partialled system directly
    E = _exog(data).to_numpy()
    P = lambda A: ivdiag.partial_out(A, E)  # noqa: E731
    X2, Z3 = data[["x", "x2"]].to_numpy(), data[["z1", "z2", "z3"]].to_numpy()
    s = ivdiag.IVSystem(P(data["y"].to_numpy()), P(X2), P(Z3), len(data) - 3 - E.shape[1], name,
                        data["c"].to_numpy() if name == "cluster" else None)
    d = ivdiag.diagnostics(s)
    assert d["kp_rk_lm"][0] == pytest.approx(kleibergen_paap(X2, Z3, E, kind, cfg).stat, rel=1e-9)
    assert d["kp_rk_wald_f"] == pytest.approx(kleibergen_paap_f(X2, Z3, E, kind, cfg), rel=1e-9)
    assert d["kp_rk_lm_df"] == 2


@pytest.mark.parametrize("vcov", ["iid", "hetero", {"CRV1": "c"}, {"CRV1": "g"}])
def test_known_identities_with_one_endogenous_regressor(data, vcov):
    """iid: KP Wald F = CD F = first-stage F and KP LM = Anderson LM; robust/cluster: KP Wald F =
    the first-stage F with the same vcov (also with an FE nested in the clusters)."""
    _, ours = _fit(data, vcov)
    e = ours["estimate"]
    assert e["diag:kp_rk_wald_f"] == pytest.approx(e["diag:first_stage_f:x"], rel=1e-10)
    if vcov == "iid":
        assert e["diag:kp_rk_wald_f"] == pytest.approx(e["diag:cd_wald_f"], rel=1e-10)
        assert e["diag:kp_rk_lm"] == pytest.approx(e["diag:anderson_lm"], rel=1e-10)
    else:
        assert e["diag:kp_rk_lm"] != pytest.approx(e["diag:anderson_lm"], rel=1e-3)
    # ranktest's general (robust-code) algorithm with an iid score covariance gives Anderson's LM
    E = _exog(data).to_numpy()
    P = lambda A: ivdiag.partial_out(A, E)  # noqa: E731
    s = ivdiag.IVSystem(P(data["y"].to_numpy()), P(data[["x"]].to_numpy()), P(data[["z1", "z2"]].to_numpy()),
                        len(data) - 2 - E.shape[1], "iid")
    assert ivdiag.kp_rk(s, wald=False)[0] == pytest.approx(ivdiag.diagnostics(s)["anderson_lm"][0], rel=1e-10)


@pytest.mark.parametrize("name", list(VCOVS))
def test_overidentification_vs_linearmodels(data, name):
    _, ours = _fit(data, VCOVS[name][0], "z1+z2+z3")
    instr = data[["z1", "z2", "z3"]]
    if name == "iid":
        lm = IV2SLS(data["y"], _exog(data), data["x"], instr).fit(cov_type="unadjusted")
        assert ours.loc["diag:sargan", "estimate"] == pytest.approx(lm.sargan.stat, rel=1e-9)
        assert ours.loc["diag:sargan", "p_value"] == pytest.approx(lm.sargan.pval, rel=1e-6)
    else:
        kw = {"weight_type": "clustered", "clusters": data["c"]} if name == "cluster" else {}
        gmm = IVGMM(data["y"], _exog(data), data["x"], instr, **kw).fit()
        assert ours.loc["diag:hansen_j", "estimate"] == pytest.approx(gmm.j_stat.stat, rel=1e-7)
    assert ours.loc["diag:overid_df", "estimate"] == 2


def test_every_diagnostic_term_is_registered_and_options(data):
    res, ours = _fit(data, {"CRV1": "c"})
    names = {diag_name(t) for t in ours.index if diag_name(t)}
    assert names and names <= set(DIAGNOSTICS)
    quiet = ESTIMATORS["iv"].fit(data, _column("y ~ w | g+t | x ~ z1", "hetero", {"first_stage": False}))
    terms = set(quiet.coefs["term"])
    assert not any(t.startswith("diag:first_stage:") for t in terms) and "diag:first_stage_f:x" in terms
    assert "diag:hansen_j" not in terms and res.extra["instruments"] == ["z1", "z2"]


@pytest.mark.parametrize("column, needle", [
    ({"formula": "y ~ x | g"}, "no IV part"),
    ({"formula": "y ~ w | g | x ~ z1", "options": {"weights": "w"}}, "unknown"),
    ({"formula": "y ~ w | g | x + x2 ~ z1 + z2"}, "one endogenous"),
])
def test_spec_errors_name_the_column(column, needle):
    spec = {"study": "s", "title": "t", "panel": "p",
            "tables": [{"id": "tab", "columns": [{"name": "(9)", "estimator": "iv", **column}]}]}
    with pytest.raises(SpecError) as exc:
        load_study(spec)
    assert "tab" in str(exc.value) and "(9)" in str(exc.value) and needle in str(exc.value)


def test_no_fixed_effects_and_two_way_clusters(data):
    """Without FE the constant is partialled (ivreg2 counts it in dof); with two-way clusters the
    cluster-dependent diagnostics are NaN and the vcov-free ones remain."""
    ours = ESTIMATORS["iv"].fit(data, _column("y ~ w | x ~ z1+z2", "hetero")).coefs.set_index("term")
    exog = data[["w"]].assign(const=1.0)[["const", "w"]]
    lm = IV2SLS(data["y"], exog, data["x"], data[["z1", "z2"]]).fit(cov_type="robust", debiased=True)
    assert abs(ours.loc["x", "std_error"] - lm.std_errors["x"]) < 1e-8
    assert abs(ours.loc["_cons", "estimate"] - lm.params["const"]) < 1e-8
    assert ours.loc["diag:first_stage_f:x", "estimate"] == pytest.approx(
        lm.first_stage.diagnostics.loc["x", "f.stat"] / 2, rel=1e-9)
    two = ESTIMATORS["iv"].fit(data, _column("y ~ w | g | x ~ z1+z2+z3", {"CRV1": "c+t"})).coefs.set_index("term")
    for term in ("diag:first_stage_f:x", "diag:kp_rk_lm", "diag:kp_rk_wald_f", "diag:hansen_j"):
        assert np.isnan(two.loc[term, "estimate"]), term
    assert np.isfinite(two.loc[["diag:anderson_lm", "diag:cd_wald_f", "x"], "estimate"]).all()
