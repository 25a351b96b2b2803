"""Mediation: the three-step (causal-steps) regressions of a spec column, the indirect effect
a·b with a Sobel test and a cluster bootstrap, and the decomposition c = c' + a·b.

Estimator ``mediation``. The column's formula is the total-effect equation,
``y ~ d + controls | fe``; ``options`` name the mediator and the bootstrap::

    options: {mediator: hum, treatment: dig, bootstrap: 999, seed: 20240303, cluster: province}

Rows of the result (one spec column = one mediator):
  total          c:  d in  y ~ d + X | fe
  a              a:  d in  M ~ d + X | fe
  b              b:  M in  y ~ d + M + X | fe
  direct         c': d in  y ~ d + M + X | fe
  indirect       a·b with the Sobel SE sqrt(b² se_a² + a² se_b²), normal p-value and interval
  indirect_boot  a·b with the bootstrap SE, percentile interval and two-sided bootstrap p-value
  identity_gap   c − c' − a·b: zero up to rounding, because all three regressions use the same
                 rows, regressors and fixed effects (OLS algebra; paper 003's printed numbers
                 miss it by 0.04–0.11)
  share          a·b / c
The bootstrap resamples clusters (``cluster``; rows when absent) with replacement, a drawn
cluster getting its own fixed effect each time it is drawn, and re-estimates a and b by
least squares after sweeping out the same fixed effects. Deterministic for a given ``seed``.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import stats as st

from analysis.core.errors import NotEstimable
from analysis.core.formulas import parse_formula
from analysis.core.schema import TIDY_COLUMNS, EstimatorResult, diag_term
from analysis.estimators.base import Estimator
from analysis.fitting.feols import required_columns, run_feols, tidy_feols
from analysis.spec.types import Column

OPTION_KEYS = {"mediator", "treatment", "bootstrap", "seed", "cluster"}


def validate(options: dict) -> None:
    bad = sorted(set(options) - OPTION_KEYS)
    if bad:
        raise ValueError(f"options: unknown {bad}; allowed {sorted(OPTION_KEYS)}")
    if not isinstance(options.get("mediator"), str):
        raise ValueError("options.mediator: the mediator column is required")
    reps = options.get("bootstrap", 0)
    if not isinstance(reps, int) or reps < 0 or reps == 1:
        raise ValueError("options.bootstrap: 0 (none) or the number of replications (>= 2)")
    if not isinstance(options.get("seed", 0), int):
        raise ValueError("options.seed: an integer")


def columns(column: Column) -> list[str]:
    extra = [column.options["mediator"], column.options.get("cluster")]
    return list(dict.fromkeys(required_columns(column) + [c for c in extra if c]))


def _variant(column: Column, formula: str) -> Column:
    return dataclasses.replace(column, formula=formula, parsed=parse_formula(formula), estimator="ols")


def _coef(res: EstimatorResult, term: str) -> tuple[float, float]:
    coefs = res.coefs.set_index("term")
    if term not in coefs.index:       # dropped as collinear with the fixed effects and controls
        raise NotEstimable(f"mediation: {term!r} has no coefficient (collinear with the fixed effects "
                           f"or controls in this sample)")
    row = coefs.loc[term]
    return float(row["estimate"]), float(row["std_error"])


def fit_mediation(data: pd.DataFrame, column: Column) -> EstimatorResult:
    o = column.options
    p, m = column.parsed, o["mediator"]
    d = o.get("treatment") or p.rhs.split("+")[0].strip()
    fe = f" | {p.fixef_str}" if p.fixef else ""
    need = [c for c in columns(column) if c in data.columns]
    data = data.dropna(subset=need).reset_index(drop=True)       # one sample for all three
    fits = {"total": tidy_feols(run_feols(data, _variant(column, f"{p.depvar} ~ {p.rhs}{fe}"))),
            "a": tidy_feols(run_feols(data, _variant(column, f"{m} ~ {p.rhs}{fe}"))),
            "outcome": tidy_feols(run_feols(data, _variant(column, f"{p.depvar} ~ {p.rhs} + {m}{fe}")))}
    n = {k: f.stats["nobs"] for k, f in fits.items()}
    if len(set(n.values())) != 1:
        raise ValueError(f"mediation: the three regressions use different samples {n}")
    c, se_c = _coef(fits["total"], d)
    a, se_a = _coef(fits["a"], d)
    b, se_b = _coef(fits["outcome"], m)
    c1, se_c1 = _coef(fits["outcome"], d)
    ab = a * b
    sobel = float(np.sqrt(b ** 2 * se_a ** 2 + a ** 2 * se_b ** 2))
    rows = [_row("total", c, se_c, fits["total"], d), _row("a", a, se_a, fits["a"], d),
            _row("b", b, se_b, fits["outcome"], m), _row("direct", c1, se_c1, fits["outcome"], d),
            _normal_row("indirect", ab, sobel)]
    reps = int(o.get("bootstrap", 0))
    if reps:
        # the regressors pyfixest kept (a control collinear with the fixed effects, such as age in
        # years beside firm and year effects, is dropped there and must be dropped in the draws too)
        kept = set(fits["outcome"].coefs["term"])
        draws = bootstrap_indirect(data, column, d, m, reps, int(o.get("seed", 0)), o.get("cluster"), kept)
        ok = draws[np.isfinite(draws)]  # a draw whose regressors are collinear is missing, as in Stata
        if len(ok) < 2:
            raise NotEstimable(f"mediation bootstrap: {reps - len(ok)} of {reps} draws have collinear regressors")
        lo, hi = np.percentile(ok, [2.5, 97.5])
        p_boot = min(1.0, 2 * min(np.mean(ok <= 0), np.mean(ok >= 0)))
        rows.append({"term": "indirect_boot", "estimate": ab, "std_error": float(ok.std(ddof=1)),
                     "statistic": np.nan, "p_value": float(max(p_boot, 1.0 / len(ok))),
                     "conf_low": float(lo), "conf_high": float(hi)})
        rows.append({"term": diag_term("bootstrap_missing"), "estimate": float(reps - len(ok)), **_blank()})
    rows.append({"term": "identity_gap", "estimate": c - c1 - ab, **_blank()})
    rows.append({"term": "share", "estimate": ab / c if c else np.nan, **_blank()})
    coefs = pd.DataFrame(rows, columns=TIDY_COLUMNS)
    return EstimatorResult(coefs, dict(fits["outcome"].stats), {"treatment": d, "mediator": m, "bootstrap": reps})


def _row(name: str, est: float, se: float, res: EstimatorResult, term: str) -> dict:
    r = res.coefs.set_index("term").loc[term]
    return {"term": name, "estimate": est, "std_error": se, "statistic": float(r["statistic"]),
            "p_value": float(r["p_value"]), "conf_low": float(r["conf_low"]), "conf_high": float(r["conf_high"])}


def _normal_row(name: str, est: float, se: float) -> dict:
    z = est / se if se > 0 else np.nan
    q = st.norm.ppf(0.975)
    return {"term": name, "estimate": est, "std_error": se, "statistic": z,
            "p_value": float(2 * st.norm.sf(abs(z))) if se > 0 else np.nan,
            "conf_low": est - q * se, "conf_high": est + q * se}


def _blank() -> dict:
    return {k: np.nan for k in TIDY_COLUMNS[2:]}


def bootstrap_indirect(data: pd.DataFrame, column: Column, d: str, m: str, reps: int, seed: int,
                       cluster: str | None, kept: set[str] | None = None) -> np.ndarray:
    """a·b in `reps` resamples of clusters (or rows), fixed effects re-created per draw; `kept`:
    the controls the full-sample fit kept (default: every right-hand-side term)."""
    p = column.parsed
    x_cols = [d] + [t.strip() for t in p.rhs.split("+") if t.strip() != d and (kept is None or t.strip() in kept)]
    X = data[x_cols].to_numpy(dtype="float64")
    y = data[p.depvar].to_numpy(dtype="float64")
    med = data[m].to_numpy(dtype="float64")
    units = pd.factorize(data[cluster])[0] if cluster else np.arange(len(data))
    members = [np.flatnonzero(units == u) for u in range(units.max() + 1)]
    fe_codes = [pd.factorize(data[f])[0] for f in p.fixef]
    rng = np.random.default_rng(seed)
    out = np.empty(reps)
    for r in range(reps):
        pick = rng.integers(0, len(members), len(members))
        idx = np.concatenate([members[u] for u in pick])
        draw_id = np.repeat(np.arange(len(pick)), [len(members[u]) for u in pick])
        fes = [draw_id if (cluster and f == cluster) else codes[idx] for f, codes in zip(p.fixef, fe_codes)]
        Z = _demean(np.column_stack([med[idx], y[idx], X[idx]]), fes)
        a = _first_coef(Z[:, 0], Z[:, 2:])
        b = _first_coef(Z[:, 1], np.column_stack([Z[:, 0], Z[:, 2:]]))
        out[r] = a * b
    return out


def _demean(M: np.ndarray, fes: list[np.ndarray], tol: float = 1e-12, max_iter: int = 10_000) -> np.ndarray:
    """Columns of M with the fixed effects swept out by alternating projections (exact after
    one sweep on a balanced panel). Cheaper than dummies: no BLAS on tiny matrices. Converged
    when no group mean exceeds `tol` relative to the column's scale (max |x|, at least 1): a
    column in the thousands cannot get its means below an absolute 1e-13 in floating point."""
    M = M.copy()
    scale = np.maximum(np.abs(M).max(axis=0, initial=0.0), 1.0)
    groups = [(codes, np.bincount(codes)) for codes in (np.unique(f, return_inverse=True)[1] for f in fes)]
    for _ in range(max_iter):
        worst = 0.0
        for codes, counts in groups:
            for j in range(M.shape[1]):
                means = np.bincount(codes, weights=M[:, j]) / counts
                worst = max(worst, float(np.abs(means).max()) / scale[j])
                M[:, j] -= means[codes]
        if worst < tol:
            return M
    raise ValueError("mediation bootstrap: fixed effects did not converge")


def _first_coef(y: np.ndarray, X: np.ndarray) -> float:
    """Coefficient of X's first column in an OLS of y on X (both already demeaned); NaN when X is
    rank-deficient in this draw (a resample in which a regressor has no variation left)."""
    xtx = X.T @ X
    if np.linalg.matrix_rank(xtx) < X.shape[1]:
        return np.nan
    return float(np.linalg.solve(xtx, X.T @ y)[0])


ESTIMATOR = Estimator(fit_mediation, columns, validate=validate,
                      description="three-step mediation (c, a, b, c'), Sobel test and cluster bootstrap of a·b; "
                                  "options: mediator, treatment, bootstrap, seed, cluster")
