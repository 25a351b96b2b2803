"""Fixed-effects least squares on pyfixest: the one place every estimator fits a model.

``run_feols(data, column)`` fits a spec column (formula, vcov, singleton rule, weights) and
``tidy_feols(fit)`` turns the fit into the results schema. Conventions (shared by all
estimators through ``tidy_feols``):
- ``_cons`` with absorbed fixed effects is reported as Stata reghdfe/xtreg do:
  ``_cons = ȳ − x̄'b`` over the estimation sample (weighted means if weighted), with
  ``se(_cons) = sqrt(x̄' V x̄)`` (delta method, V the coefficient vcov, means treated as fixed).
  reghdfe/xtreg get it from the regression of demeaned-plus-grand-mean data on a constant; that
  sandwich equals ours when an FE is nested in the clusters (each cluster's residuals sum to zero;
  true for every column of paper 000's Table 3) and differs otherwise: with iid errors it adds
  s²/N, the variance of ȳ (1.2% larger on tests/test_independent_vcov.py's paper-003 panel);
  with robust or clustered scores it can be larger (0.0007 vs 0.012 on a non-nested clustered
  design) or smaller (HC1 on that panel: 0.0618 vs our 0.0643). So the estimate is reghdfe's, the
  SE is reghdfe's only with FE nested in the clusters. Without FE, pyfixest's Intercept is used.
- pyfixest 0.60 orders FE columns by a str set (hash-seed dependent), which corrupts the nested-FE
  count of the CRV small-sample factor in about half of all processes; ``patch_pyfixest_fe_order``
  fixes it before every fit.
- pyfixest's default small-sample correction (``ssc()``) is kept. For CRV1 it is
  ``(N−1)/(N−K) · G/(G−1)`` with ``K = k + Σ_f levels_f − (n_fe − 1)`` minus the levels of FE
  nested in the cluster variable (plus one per nested FE) — i.e. FE nested in clusters do not
  count, as in reghdfe. t-tests and intervals use t(G−1).
"""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
from scipy import stats as st

from analysis.core.errors import NotEstimable
from analysis.core.formulas import identifiers, parse_formula
from analysis.core.schema import TIDY_COLUMNS, EstimatorResult
from analysis.fitting.ivdiag import IVSystem, partial_out
from analysis.spec.types import Column


def required_columns(column: Column) -> list[str]:
    """Candidate panel columns a column needs (formula identifiers, clusters, weights)."""
    names = column.parsed.variables() + column.cluster_vars
    w = column.options.get("weights")
    if isinstance(w, str):
        names.append(w)
    return list(dict.fromkeys(names))


def prepare(data: pd.DataFrame, column: Column) -> pd.DataFrame:
    """Nullable-numeric and boolean model variables → float64 with NaN; FE/cluster kept."""
    keep = {p for fe in column.parsed.fixef for p in fe.replace(":", "^").split("^")}
    keep |= set(column.cluster_vars)
    return numeric_frame(data, keep)


def numeric_frame(data: pd.DataFrame, keep: set[str] = frozenset()) -> pd.DataFrame:
    """A copy with nullable-numeric and boolean columns (except ``keep``) as float64 with NaN."""
    out = data.copy()
    for c in out.columns:
        if c in keep:
            continue
        s = out[c]
        nullable = isinstance(s.dtype, pd.api.extensions.ExtensionDtype)
        if pd.api.types.is_bool_dtype(s) or (nullable and pd.api.types.is_numeric_dtype(s)):
            out[c] = s.to_numpy(dtype="float64", na_value=np.nan)
    return out


def patch_pyfixest_fe_order() -> bool:
    """Make pyfixest 0.60 keep the formula order of fixed effects (returns True if patched now).

    pyfixest 0.60 ``formula/utils._encode_fixed_effects`` iterates over a *set* of FE names, so the
    FE matrix column order depends on PYTHONHASHSEED, while the nested-FE check of the CRV
    small-sample correction pairs FE *names in formula order* with those columns. In about half of
    all processes an FE that is not nested in the clusters is then treated as nested (``y ~ x | unit+year``
    clustered by unit: K = 3 instead of 10; with ``hs6^importer+year`` it can count a million FE
    levels), so SEs change from process to process. The replacement is the same code with an
    order-preserving ``dict.fromkeys``. Only applied to 0.60.x; tests guard the behaviour.
    """
    import pyfixest as pf  # heavy: imported when a model is fitted, not when specs load
    from pyfixest.estimation.formula import model_matrix as mm

    fn = getattr(mm, "_encode_fixed_effects", None)
    if fn is None or getattr(fn, "_tradewh_ordered", False) or not pf.__version__.startswith("0.60."):
        return False

    def _encode_fixed_effects(fixed_effects: str, data: pd.DataFrame) -> str:
        fes = list(dict.fromkeys(re.split(r"\s*\+\s*", fixed_effects)))
        for fe in fes:
            if "^" in fe:
                parts = fe.split("^")
                data[fe.replace("^", "_")] = data[parts[0]].astype(pd.StringDtype()).str.cat(
                    data[parts[1:]].astype(pd.StringDtype()), sep="^", na_rep=None)
        return " + ".join(f"__fixed_effect__({fe.replace('^', '_')})" for fe in fes) + " - 1"

    _encode_fixed_effects._tradewh_ordered = True
    mm._encode_fixed_effects = _encode_fixed_effects
    return True


def fitted_fe_codes(data: pd.DataFrame, column: Column) -> np.ndarray:
    """Fixed-effect codes (rows x FE terms) of the rows pyfixest will fit: complete rows, singleton
    FE groups dropped iteratively as pyfixest does when the column drops them."""
    d = data[[c for c in required_columns(column) if c in data.columns]].dropna()
    ids = np.column_stack([pd.factorize(d[fe])[0] if "^" not in fe
                           else d.groupby(fe.split("^"), sort=False).ngroup().to_numpy()
                           for fe in column.parsed.fixef]).astype(np.uint32)
    if column.fixef_rm == "singleton" and len(ids):
        from pyfixest.core.detect_singletons import detect_singletons

        ids = ids[~detect_singletons(np.asfortranarray(ids))]
    return ids


def fe_parameters(codes: np.ndarray) -> int:
    """Fixed-effect parameters as pyfixest counts them for the adjusted R²: Σ(levels − 1) + 1."""
    return int(sum(len(np.unique(codes[:, j])) - 1 for j in range(codes.shape[1])) + 1)


def min_regressors(column: Column) -> int:
    """The formula's regressors: one per right-hand-side term and endogenous variable (a factor
    term counts one), plus the intercept without fixed effects (before pyfixest drops collinear
    ones)."""
    p = column.parsed
    terms, depth, term = [], 0, ""
    for ch in p.rhs + "+":  # split on the top-level '+' only (not inside I(a + b))
        depth += (ch == "(") - (ch == ")")
        if ch == "+" and depth == 0:
            terms.append(term.strip())
            term = ""
        else:
            term += ch
    endog = identifiers(p.iv.split("~")[0]) if p.iv else []
    return sum(t not in ("", "0", "1") for t in terms) + len(endog) + (0 if p.fixef else 1)


def run_feols(data: pd.DataFrame, column: Column, fixef_tol: float | None = None, **kw):
    """pyfixest.feols with the column's formula, vcov and singleton rule (warnings silenced).

    ``fixef_tol``: convergence tolerance of pyfixest's demeaner (default 1e-6, which leaves
    relative errors of about 1e-9 in the demeaned data; the IV diagnostics ask for 1e-10)."""
    import pyfixest as pf

    patch_pyfixest_fe_order()
    if fixef_tol is not None:
        kw["demeaner"] = pf.MapDemeaner(fixef_tol=fixef_tol)
    need = [c for c in required_columns(column) if c in data.columns]
    if data.dropna(subset=need).empty:  # pyfixest 0.60's Rust demeaner aborts the process on N = 0
        raise NotEstimable(f"column {column.name!r}: no row has every model variable ({', '.join(need)})")
    fe = bool(column.parsed.fixef)
    if fe and column.fixef_rm == "singleton" and not len(fitted_fe_codes(data, column)):  # N = 0 aborts too
        raise NotEstimable(f"column {column.name!r}: every observation is a singleton of the fixed effects "
                           f"{column.parsed.fixef_str!r}; nothing left to estimate")
    weights = column.options.get("weights")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = pf.feols(column.formula, prepare(data, column), vcov=column.vcov,
                           fixef_rm=column.fixef_rm, weights=weights, copy_data=False, **kw)
    except np.linalg.LinAlgError as e:  # pyfixest's Wald test fails on the NaN vcov of a saturated fit
        codes = fitted_fe_codes(data, column) if fe else None
        n = len(codes) if fe else len(data.dropna(subset=need))
        k = min_regressors(column) + (fe_parameters(codes) if fe else 0)
        if n - k > 0:
            raise
        raise NotEstimable(f"column {column.name!r}: no residual degrees of freedom ({n} rows for "
                           f"{k} parameters with the fixed effects {column.parsed.fixef_str!r})") from e
    if not hasattr(fit, "_beta_hat"):
        raise ValueError(f"column {column.name!r}: formula {column.formula!r} gives several models; "
                         "one spec column must be one model")
    dof = residual_dof(fit)
    if dof <= 0:  # a saturated fit pyfixest returned: zero residuals, adj. R² above 1
        raise NotEstimable(f"column {column.name!r}: no residual degrees of freedom ({fit._N} rows for "
                           f"{fit._N - dof} parameters with the fixed effects {column.parsed.fixef_str!r})")
    return fit


def residual_dof(fit) -> int:
    """N − regressors − fixed-effect levels, counted as pyfixest counts them for the adjusted R²
    (Σ(levels − 1) + 1 with fixed effects; redundant levels of disconnected groups not detected)."""
    k_fe = int(np.sum(np.asarray(fit._k_fe) - 1) + 1) if fit._has_fixef else 0
    return int(fit._N - fit._k - k_fe)


def tidy_feols(fit) -> EstimatorResult:
    """Tidy coefficients (Intercept → _cons; reghdfe-style _cons with FE) and model stats."""
    t = fit.tidy().reset_index()
    t.columns = TIDY_COLUMNS
    t["term"] = t["term"].astype(str).replace({"Intercept": "_cons"})
    has_fe = bool(fit._has_fixef)
    if has_fe:
        t = pd.concat([t, pd.DataFrame([constant_row(fit)])], ignore_index=True)
    g = getattr(fit, "_G", None)
    stats = {
        "nobs": float(fit._N),
        "r2": float(fit._r2),
        "r2_within": float(fit._r2_within) if has_fe else np.nan,
        "adj_r2": float(fit._adj_r2),
        "n_clusters": float(np.min(g)) if fit._is_clustered and g is not None else np.nan,
    }
    for c in TIDY_COLUMNS[1:]:
        t[c] = t[c].astype("float64")
    return EstimatorResult(t[TIDY_COLUMNS], stats)


def regressor_means(fit) -> np.ndarray:
    """Means of the model-matrix columns over the estimation sample (weighted if weighted)."""
    names = [str(n) for n in fit._coefnames]
    data = fit._data
    if all(n in data.columns for n in names):
        X = data[names].to_numpy(dtype="float64")
    else:  # transformed terms (i(), I(), log()): rebuild the model matrix as pyfixest does
        import formulaic
        from formulaic.parser import DefaultFormulaParser
        from pyfixest.estimation.formula import FORMULAIC_FEATURE_FLAG
        from pyfixest.estimation.formula.factor_interaction import factor_interaction
        from pyfixest.estimation.formula.utils import log

        p = parse_formula(str(fit._fml))
        rhs = p.rhs + (" + " + p.iv.split("~")[0] if p.iv else "")
        fml = formulaic.Formula(f"{p.depvar} ~ {rhs}",
                                _parser=DefaultFormulaParser(feature_flags=FORMULAIC_FEATURE_FLAG))
        mm = fml.get_model_matrix(data, output="pandas", context={"i": factor_interaction, "log": log})
        X = mm.rhs[names].to_numpy(dtype="float64")
    w = np.asarray(fit._weights).ravel() if fit._has_weights else None
    return np.average(X, axis=0, weights=w)


def constant_row(fit) -> dict[str, float]:
    """reghdfe-style constant: ȳ − x̄'b, se = sqrt(x̄'Vx̄), t-test with the model's df."""
    b = np.asarray(fit._beta_hat, dtype="float64").ravel()
    V = np.asarray(fit._vcov, dtype="float64")
    xbar = regressor_means(fit)
    w = np.asarray(fit._weights).ravel() if fit._has_weights else None
    ybar = float(np.average(fit._data[fit._depvar].to_numpy(dtype="float64"), weights=w))
    est = ybar - float(xbar @ b)
    se = float(np.sqrt(xbar @ V @ xbar))
    df = float(np.min(fit._df_t))
    tstat = est / se if se > 0 else np.nan
    p = 2 * st.t.sf(abs(tstat), df) if se > 0 else np.nan
    q = st.t.ppf(0.975, df)
    return {"term": "_cons", "estimate": est, "std_error": se, "statistic": tstat,
            "p_value": p, "conf_low": est - q * se, "conf_high": est + q * se}


def iv_system(fit) -> IVSystem:
    """The partialled IV system of a pyfixest IV fit, for ``analysis.fitting.ivdiag``.

    pyfixest's ``_X``/``_Z``/``_Y`` are the model matrices of the estimation sample with the fixed
    effects swept out (an Intercept column when there are none); the included exogenous columns
    (in both the regressors and the instruments) are partialled out here. ``dof = N − df_k − (L − K)``
    with pyfixest's small-sample count df_k (regressors + FE parameters, FE nested in the cluster
    variable counting 1 each): ivreghdfe's N − iv1_ct − sdofminus.
    """
    if not getattr(fit, "_is_iv", False):
        raise ValueError("iv_system: not an IV fit")
    if fit._has_weights:
        raise ValueError("IV diagnostics with regression weights are not implemented")
    coef = [str(c) for c in fit._coefnames]
    zn = [str(c) for c in fit._coefnames_z]
    endog = [c for c in coef if c not in zn]
    excl = [c for c in zn if c not in coef]
    exog = [c for c in coef if c in zn]
    X, Z = np.asarray(fit._X, dtype=np.float64), np.asarray(fit._Z, dtype=np.float64)
    W = X[:, [coef.index(c) for c in exog]]
    y = partial_out(np.asarray(fit._Y, dtype=np.float64).ravel(), W)
    Xe = partial_out(X[:, [coef.index(c) for c in endog]], W)
    Ze = partial_out(Z[:, [zn.index(c) for c in excl]], W)
    kind = {"iid": "iid", "hetero": "hetero", "CRV": "cluster"}[str(fit._vcov_type)]
    clusters = None
    if kind == "cluster":
        cdf = fit._cluster_df
        clusters = (pd.factorize(cdf.iloc[:, 0])[0] if cdf.shape[1] == 1
                    else np.column_stack([pd.factorize(cdf[c])[0] for c in cdf.columns]))
    dof = int(fit._N) - int(fit._df_k) - (len(excl) - len(endog))
    return IVSystem(y, Xe, Ze, dof, kind, clusters, tuple(endog), tuple(excl))


def model_matrix(formula: str, data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(y, X, column names, positions of the rows used) of ``y ~ terms`` built as pyfixest builds
    it (formulaic with pyfixest's parser: Intercept, ``C()``, ``i()``, ``log()``, interactions).
    Rows with a missing value in any variable are dropped; positions refer to ``data``'s rows."""
    import formulaic
    from formulaic.parser import DefaultFormulaParser
    from pyfixest.estimation.formula import FORMULAIC_FEATURE_FLAG
    from pyfixest.estimation.formula.factor_interaction import factor_interaction
    from pyfixest.estimation.formula.utils import log

    d = numeric_frame(data.reset_index(drop=True))
    fml = formulaic.Formula(formula, _parser=DefaultFormulaParser(feature_flags=FORMULAIC_FEATURE_FLAG))
    mm = fml.get_model_matrix(d, output="pandas", context={"i": factor_interaction, "log": log})
    rows = mm.rhs.index.intersection(mm.lhs.index)
    X = mm.rhs.loc[rows]
    return (mm.lhs.loc[rows].iloc[:, 0].to_numpy(dtype=np.float64), X.to_numpy(dtype=np.float64),
            [str(c) for c in X.columns], rows.to_numpy())
