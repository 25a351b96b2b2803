"""Fisher permutation test of a coefficient difference between two groups (Stata ``bdiff``,
连玉君; paper 002 §4.4, Tables 5, 6, 8).

Estimator ``bdiff``. One spec column fits the same model on two groups of its rows and is shown
as the regression of the *first* group (its coefficients, N, R²), with the comparison as ``diag:``
rows; the other group is usually its own ``ols`` column next to it::

    - name: "(1)"
      estimator: bdiff
      formula: "Qua ~ Digtech + controls | firm + year + firm^dest"
      sample: "dig_industry in (0, 1)"       # both groups' rows
      options: {group: dig_industry, groups: [1, 0], draws: 1000, seed: 20240501}
    - {name: "(2)", formula: "...same...", sample: "dig_industry = 0"}

``groups``: the values of ``group`` that form the first and the other group; a value or a list
of values each (``[[4, 2], [3, 1]]`` for competition ∈ {4, 2} vs {3, 1}). ``terms``: the
coefficients tested (default: the first regressor). ``draws`` (default 1000, as the paper;
bdiff's own default is 100), ``seed`` (default 1; results are deterministic for a seed),
``alternative``:

- ``observed`` (default, bdiff's empirical p-value): one-sided in the direction of the observed
  difference d̂ = b_first − b_other: p = #{d*_k ≥ d̂}/B if d̂ ≥ 0, #{d*_k ≤ d̂}/B otherwise;
- ``two-sided``: #{|d*_k| ≥ |d̂|}/B; ``greater`` / ``less``: #{d*_k ≥ d̂}/B / #{d*_k ≤ d̂}/B.

p is a share of the draws, as bdiff prints it (0 is possible; no +1 correction).
Permutation (bdiff's default, not its ``bsample`` bootstrap): the group labels of the pooled rows
are shuffled without replacement (group sizes kept), each pseudo-group is refitted with its own
fixed effects (the FE interacted with the group), d*_k = b*_first − b*_other.

Rows: the first group's fit (pyfixest, the column's vcov); per tested term
``diag:bdiff_b_other:<term>`` (the other group's coefficient, SE, t, p), ``diag:bdiff_diff:<term>``
(d̂, with the permutation p in p_value), ``diag:bdiff_p:<term>`` (the p-value itself, to print
with ``stat_rows``), ``diag:bdiff_null_mean:<term>``, ``diag:bdiff_null_sd:<term>``; and
``diag:bdiff_draws``, ``diag:bdiff_n_other``.

Speed: the refits never build demeaned data. With ``tradewh.fe.Absorber`` the FE structure is set
up once; each draw sums the first pseudo-group's rows by FE level (one pass) and gets the other
group's sums as totals minus those, then the partialled cross-products W'MW of both groups
(W = [y, X]) in closed form when the FE are one large FE plus small ones (e.g. firm×destination
+ year, firm nested), by alternating projections otherwise; the slopes follow from W'MW (FWL).
The observed difference from this path is checked against the pyfixest fits before any draw.
Cross-checked (tests/test_analysis_bdiff.py): same seed → same p; the permutation distribution
against a brute-force refit with statsmodels dummies for a few draws; under no difference the
null is centred on 0 and p is roughly uniform over repeated simulations.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from analysis.core.formulas import identifiers
from analysis.core.schema import TIDY_COLUMNS, EstimatorResult, diag_term
from analysis.estimators.base import Estimator
from analysis.fitting.feols import model_matrix, required_columns, run_feols, tidy_feols
from analysis.spec.types import Column
from tradewh.fe import Absorber, codes, ols_from_crossproducts

OPTION_KEYS = {"group", "groups", "terms", "draws", "seed", "alternative"}
ALTERNATIVES = ("observed", "two-sided", "greater", "less")


def _values(v) -> list:
    return list(v) if isinstance(v, (list, tuple)) else [v]


def validate(options: dict) -> None:
    bad = sorted(set(options) - OPTION_KEYS)
    if bad:
        raise ValueError(f"unknown {bad}; allowed {sorted(OPTION_KEYS)}")
    if not isinstance(options.get("group"), str):
        raise ValueError("group: the column that splits the rows is required")
    groups = options.get("groups")
    if not (isinstance(groups, list) and len(groups) == 2):
        raise ValueError("groups: [values of the first group, values of the other group], e.g. [1, 0] or "
                         "[[4, 2], [3, 1]]")
    a, b = (_values(g) for g in groups)
    if not a or not b or set(map(str, a)) & set(map(str, b)):
        raise ValueError("groups: two non-empty, disjoint sets of values")
    draws = options.get("draws", 1000)
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 1:
        raise ValueError("draws: a positive integer (the number of permutations)")
    if not isinstance(options.get("seed", 1), int):
        raise ValueError("seed: an integer")
    if options.get("alternative", "observed") not in ALTERNATIVES:
        raise ValueError(f"alternative: one of {ALTERNATIVES}")
    terms = options.get("terms")
    if terms is not None and not (isinstance(terms, list) and terms and all(isinstance(t, str) for t in terms)):
        raise ValueError("terms: a list of regressor names")


def check(column: Column) -> None:
    if column.parsed.iv:
        raise ValueError("bdiff compares OLS/FE coefficients; the formula has an IV part")
    terms = column.options.get("terms")
    if terms:
        rhs = set(identifiers(column.parsed.rhs)) | {t.strip() for t in column.parsed.rhs.split("+")}
        bad = [t for t in terms if t not in rhs]
        if bad:
            raise ValueError(f"terms {bad} are not regressors of {column.formula!r}")


def columns(column: Column) -> list[str]:
    return list(dict.fromkeys(required_columns(column) + [column.options["group"]]))


def tested_terms(column: Column) -> list[str]:
    terms = column.options.get("terms")
    return list(terms) if terms else identifiers(column.parsed.rhs)[:1]


def p_value(d_obs: float, draws: np.ndarray, alternative: str = "observed") -> float:
    """Empirical p-value of the observed difference among the permutation draws (module docstring)."""
    if alternative == "two-sided":
        return float(np.mean(np.abs(draws) >= abs(d_obs)))
    if alternative == "greater" or (alternative == "observed" and d_obs >= 0):
        return float(np.mean(draws >= d_obs))
    return float(np.mean(draws <= d_obs))


def _membership(values: pd.Series, wanted: list) -> np.ndarray:
    wanted_str = set(map(str, wanted))
    as_str = values.astype("string")
    num = pd.to_numeric(values, errors="coerce")
    hit = as_str.isin(wanted_str).fillna(False).to_numpy(dtype=bool).copy()
    for w in wanted:                       # 1 == 1.0 == "1": compare numbers as numbers
        if isinstance(w, (int, float)) and not isinstance(w, bool):
            hit |= (num == w).fillna(False).to_numpy()
    return hit


def prepare_groups(data: pd.DataFrame, column: Column) -> tuple[pd.DataFrame, np.ndarray]:
    """The pooled complete rows of both groups and the first-group flag."""
    o = column.options
    first_vals, other_vals = (_values(g) for g in o["groups"])
    need = [c for c in required_columns(column) if c in data.columns]
    d = data.dropna(subset=need).reset_index(drop=True)
    first, other = _membership(d[o["group"]], first_vals), _membership(d[o["group"]], other_vals)
    keep = first | other
    d, first = d[keep].reset_index(drop=True), first[keep]
    if first.all() or not first.any():
        raise ValueError(f"bdiff: group {o['group']!r} has no rows for {o['groups'][0 if not first.any() else 1]!r}")
    return d, first


class FastRefit:
    """Partialled cross-products of the pooled rows, set up once; slopes of any split by FWL."""

    def __init__(self, d: pd.DataFrame, column: Column):
        p = column.parsed
        y, X, names, rows = model_matrix(f"{p.depvar} ~ {p.rhs}", d)
        if len(rows) != len(d):
            raise ValueError("bdiff: the model matrix lost rows (missing values in a transformed term?)")
        keep = [j for j, n in enumerate(names) if n != "Intercept"]
        self.names = [names[j] for j in keep]
        fes = [codes(*[d[v].to_numpy() for v in fe.replace(":", "^").split("^")]) for fe in p.fixef]
        self.absorber = Absorber(fes)
        self.W = np.column_stack([y, X[:, keep]])
        self.total = self.absorber.totals(self.W)

    def slopes(self, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c1, c0 = self.absorber.split_crossproducts(self.W, first, self.total)
        return ols_from_crossproducts(c1), ols_from_crossproducts(c0)


def _ols_column(column: Column) -> Column:
    return dataclasses.replace(column, estimator="ols", options={})


def _row(term: str, est: float, se: float = math.nan, stat: float = math.nan, p: float = math.nan,
         lo: float = math.nan, hi: float = math.nan) -> dict:
    return dict(zip(TIDY_COLUMNS, [term, float(est), float(se), float(stat), float(p), float(lo), float(hi)]))


def permutation_draws(fast: FastRefit, first: np.ndarray, idx: list[int], draws: int, seed: int) -> np.ndarray:
    """d*_k = b*_first − b*_other for each draw (rows) and tested term (columns)."""
    rng = np.random.default_rng(seed)
    out = np.empty((draws, len(idx)))
    for k in range(draws):
        b1, b0 = fast.slopes(rng.permutation(first))
        out[k] = b1[idx] - b0[idx]
    return out


def fit_bdiff(data: pd.DataFrame, column: Column) -> EstimatorResult:
    o = column.options
    d, first = prepare_groups(data, column)
    ols = _ols_column(column)
    fit1 = tidy_feols(run_feols(d[first].reset_index(drop=True), ols))
    fit0 = tidy_feols(run_feols(d[~first].reset_index(drop=True), ols))
    t1, t0 = fit1.coefs.set_index("term"), fit0.coefs.set_index("term")
    terms = tested_terms(column)
    fast = FastRefit(d, column)
    missing = [t for t in terms if t not in fast.names or t not in t1.index or t not in t0.index]
    if missing:
        raise ValueError(f"bdiff: {missing} are not estimated regressors in both groups ({fast.names})")
    idx = [fast.names.index(t) for t in terms]
    b1, b0 = fast.slopes(first)
    for j, t in zip(idx, terms):
        ref = (t1.loc[t, "estimate"], t0.loc[t, "estimate"])
        scale = max(1.0, abs(ref[0]), abs(ref[1]))
        if abs(b1[j] - ref[0]) > 1e-6 * scale or abs(b0[j] - ref[1]) > 1e-6 * scale:
            raise ValueError(f"bdiff: the fast refit disagrees with pyfixest for {t!r} ({b1[j]}, {b0[j]} vs {ref}); "
                             "collinear regressors?")
    draws = int(o.get("draws", 1000))
    null = permutation_draws(fast, first, idx, draws, int(o.get("seed", 1)))
    alt = o.get("alternative", "observed")
    rows = []
    for k, t in enumerate(terms):
        r0 = t0.loc[t]
        d_obs = float(t1.loc[t, "estimate"] - r0["estimate"])
        p = p_value(d_obs, null[:, k], alt)
        rows += [_row(diag_term("bdiff_b_other", t), r0["estimate"], r0["std_error"], r0["statistic"],
                      r0["p_value"], r0["conf_low"], r0["conf_high"]),
                 _row(diag_term("bdiff_diff", t), d_obs, p=p),
                 _row(diag_term("bdiff_p", t), p, p=p),
                 _row(diag_term("bdiff_null_mean", t), null[:, k].mean()),
                 _row(diag_term("bdiff_null_sd", t), null[:, k].std(ddof=1) if draws > 1 else math.nan)]
    rows += [_row(diag_term("bdiff_draws"), draws), _row(diag_term("bdiff_n_other"), fit0.stats["nobs"])]
    coefs = pd.concat([fit1.coefs, pd.DataFrame(rows, columns=TIDY_COLUMNS)], ignore_index=True)
    extra = {"terms": terms, "alternative": alt, "seed": int(o.get("seed", 1)), "fe_method": fast.absorber.method,
             "n_pooled": int(len(d))}
    return EstimatorResult(coefs, fit1.stats, extra)


ESTIMATOR = Estimator(fit_bdiff, columns, validate=validate, check=check,
                      description="Fisher permutation test (bdiff) of a coefficient difference between two groups; "
                                  "options: group, groups, terms, draws, seed, alternative")
