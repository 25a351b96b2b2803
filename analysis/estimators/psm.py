"""Propensity-score kernel matching as Stata's psmatch2 does it, and the PSM-DID estimator.

Why a module of its own: Tables 4 (balance) and 5 (DID on the matched sample) must share one
matching routine, and at full scale (~2M rows) kernel weights cannot come from an
n_treated × n_control matrix. Scores are sorted once; each kernel is a polynomial in u² on
|u| ≤ 1, so every window sum is a difference of prefix sums of powers of the score (kept in
long double against cancellation): O(n log n).

psmatch2 semantics (kernel matching, ATT):
- score: logit of the treatment on the covariates (psmatch2 defaults to probit; the paper says logit);
- common support ``both``: treated outside [min, max] of the control scores leave the support,
  and controls outside the treated range (psmatch2 does the latter only with ``ate``);
  ``treated`` = psmatch2's ``common``; ``none`` keeps everyone;
- each treated t on support spreads weight 1 over the controls c on support:
  K((p_c − p_t)/h) / Σ_c' K((p_c' − p_t)/h); a treated with no control inside the bandwidth leaves
  the support; a control's weight is the sum of its shares; unmatched rows get NaN (``_weight = .``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from math import comb

import numpy as np
import pandas as pd
from scipy import stats as st
from scipy.special import expit

from analysis.core.panel import Fetch, require_columns, select_sql
from analysis.core.schema import LONG_COLUMNS, EstimatorResult
from analysis.estimators.base import Estimator
from analysis.fitting.feols import required_columns, run_feols, tidy_feols
from analysis.spec.psm import KERNEL_ALIASES, PSMOptions, parse_options
from analysis.spec.types import Column, Study, Table

# K(u) = Σ_k c_k u^(2k) on |u| ≤ 1; constant factors cancel in the shares
KERNELS = {"epan": (1.0, -1.0), "biweight": (1.0, -2.0, 1.0), "uniform": (1.0,)}


def logit(y: np.ndarray, X: np.ndarray, tol: float = 1e-11, max_iter: int = 100) -> np.ndarray:
    """Maximum-likelihood logit by Newton–Raphson with step halving (X includes the constant)."""
    beta = np.zeros(X.shape[1])

    def loglik(b):
        eta = X @ b
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))

    ll = loglik(beta)
    for _ in range(max_iter):
        p = expit(X @ beta)
        grad = X.T @ (y - p)
        H = np.zeros((X.shape[1],) * 2)
        for s in range(0, len(y), 500_000):          # bounded memory at millions of rows
            Xs, ws = X[s:s + 500_000], (p * (1 - p))[s:s + 500_000]
            H += (Xs * ws[:, None]).T @ Xs
        step = np.linalg.solve(H, grad)
        t = 1.0
        while True:
            new_ll = loglik(beta + t * step)
            if new_ll >= ll - 1e-12 * abs(ll) or t < 1e-10:
                break
            t /= 2
        beta, ll = beta + t * step, new_ll
        if np.max(np.abs(t * step)) < tol * (1 + np.max(np.abs(beta))):
            return beta
    raise ValueError(f"logit did not converge in {max_iter} iterations (perfect separation?)")


def common_support(p: np.ndarray, treated: np.ndarray, rule: str = "both") -> np.ndarray:
    """On-support flags: ranges are those of the full treated / control groups (psmatch2)."""
    on = np.ones(len(p), bool)
    if rule == "none" or treated.all() or not treated.any():
        return on
    pc, pt = p[~treated], p[treated]
    on[treated] = (pt >= pc.min()) & (pt <= pc.max())
    if rule == "both":
        on[~treated] = (pc >= pt.min()) & (pc <= pt.max())
    return on


def _window_kernel_sums(centres: np.ndarray, pts: np.ndarray, mass: np.ndarray, h: float,
                        coefs: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    """For each centre x: Σ_j mass_j K((pts_j − x)/h) over |pts_j − x| ≤ h, and the count of such j.

    Centres are processed in tiles of width h, with powers taken about the tile's midpoint a
    (|pts − a| ≤ 1.5h), so the binomial expansion of Σ (pts − x)^(2k) cancels little.
    """
    order = np.argsort(pts, kind="stable")
    sp, sm = pts[order], mass[order]
    lo = np.searchsorted(sp, centres - h, side="left")
    hi = np.searchsorted(sp, centres + h, side="right")
    total = np.zeros(len(centres))
    tile = np.floor((centres - centres.min()) / h).astype(np.int64)
    by_tile = np.argsort(tile, kind="stable")
    starts = np.searchsorted(tile[by_tile], np.unique(tile))
    for idx in np.split(by_tile, starts[1:]):
        a = centres.min() + (tile[idx[0]] + 0.5) * h
        r0, r1 = int(lo[idx].min()), int(hi[idx].max())
        d, m = (sp[r0:r1] - a).astype(np.longdouble), sm[r0:r1].astype(np.longdouble)
        x = (centres[idx] - a).astype(np.longdouble)
        i0, i1 = lo[idx] - r0, hi[idx] - r0
        power, window = np.ones_like(d), []           # window[j] = Σ mass · (pts − a)^j
        for _ in range(2 * len(coefs) - 1):
            cum = np.concatenate([np.zeros(1, np.longdouble), np.cumsum(m * power)])
            window.append(cum[i1] - cum[i0])
            power = power * d
        acc_all = np.zeros(len(idx), np.longdouble)
        for k, c in enumerate(coefs):                 # Σ (pts − x)^(2k) by the binomial theorem
            acc = sum(comb(2 * k, j) * window[j] * (-x) ** (2 * k - j) for j in range(2 * k + 1))
            acc_all += c * acc / np.longdouble(h) ** (2 * k)
        total[idx] = acc_all.astype(np.float64)
    return total, (hi - lo)


def kernel_weights(p: np.ndarray, treated: np.ndarray, on_support: np.ndarray, bandwidth: float = 0.06,
                   kernel: str = "epan") -> tuple[np.ndarray, np.ndarray]:
    """psmatch2 kernel-matching weights and the final support flags (NaN weight = not matched)."""
    coefs = KERNELS[KERNEL_ALIASES[kernel]]
    t_idx = np.flatnonzero(treated & on_support)
    c_idx = np.flatnonzero(~treated & on_support)
    support = on_support.copy()
    weight = np.full(len(p), np.nan)
    if len(t_idx) == 0 or len(c_idx) == 0:
        support[t_idx] = False
        return weight, support
    denom, n_in = _window_kernel_sums(p[t_idx], p[c_idx], np.ones(len(c_idx)), bandwidth, coefs)
    ok = (n_in > 0) & (denom > 0)
    support[t_idx[~ok]] = False
    share = np.where(ok, 1.0 / np.where(ok, denom, 1.0), 0.0)     # each treated spreads weight 1
    w_c, _ = _window_kernel_sums(p[c_idx], p[t_idx], share, bandwidth, coefs)
    weight[t_idx[ok]] = 1.0
    weight[c_idx] = np.where(w_c > 0, w_c, np.nan)
    return weight, support


@dataclass
class MatchResult:
    """Per row of the input: score, support flag and weight (NaN = not in the matched sample)."""
    pscore: np.ndarray
    support: np.ndarray
    weight: np.ndarray
    used: np.ndarray                 # rows in the matching sample (complete covariates, base year)
    coef: dict[str, float]
    counts: dict[str, float] = field(default_factory=dict)


def match(data: pd.DataFrame, opts: PSMOptions) -> MatchResult:
    """Logit score, common support and kernel weights for the rows of ``data``."""
    num = pd.DataFrame({c: data[c].to_numpy(dtype="float64", na_value=np.nan)
                        for c in [opts.treatment, *opts.covariates]})
    complete = num.notna().all(axis=1).to_numpy()
    if opts.base_year is not None:
        complete = complete & (data[opts.year].to_numpy() == opts.base_year)
    y = num[opts.treatment].to_numpy()[complete]
    if not set(np.unique(y)) <= {0.0, 1.0}:
        raise ValueError(f"psm: treatment {opts.treatment!r} must be 0/1")
    X = np.column_stack([np.ones(int(complete.sum())), num[list(opts.covariates)].to_numpy()[complete]])
    beta = logit(y, X)
    n = len(data)
    pscore = expit(np.column_stack([np.ones(n), num[list(opts.covariates)].to_numpy()]) @ beta)
    treated = y == 1
    on = common_support(pscore[complete], treated, opts.common_support)
    w_used, s_used = kernel_weights(pscore[complete], treated, on, opts.bandwidth, opts.kernel)
    support, weight = np.zeros(n, bool), np.full(n, np.nan)
    support[complete], weight[complete] = s_used, w_used
    if opts.base_year is not None:               # carry each unit's base-year weight to all its years
        key = pd.MultiIndex.from_frame(data[list(opts.unit)].astype(str))
        by_unit = pd.Series(w_used, index=key[complete])
        weight = by_unit.reindex(key).to_numpy(dtype="float64")
        support = pd.Series(s_used, index=key[complete]).reindex(key).fillna(False).to_numpy(dtype=bool)
    matched = ~np.isnan(weight)
    t_all = num[opts.treatment].to_numpy() == 1
    counts = {"n_rows": float(complete.sum()), "n_treated": float(treated.sum()),
              "n_control": float((~treated).sum()),
              "n_treated_on_support": float((s_used & treated).sum()),
              "n_control_on_support": float((s_used & ~treated).sum()),
              "n_treated_matched": float((matched & t_all).sum()), "n_control_matched": float((matched & ~t_all).sum())}
    return MatchResult(pscore, support, weight, complete,
                       dict(zip(["_cons", *opts.covariates], map(float, beta))), counts)


def balance_stats(x: np.ndarray, treated: np.ndarray, w: np.ndarray | None = None) -> dict[str, float]:
    """pstest: the regression of x on treat (aweights w): means, SE of the difference, t, p."""
    w = np.ones(len(x)) if w is None else w
    wt, wc = w[treated].sum(), w[~treated].sum()
    mt, mc = np.average(x[treated], weights=w[treated]), np.average(x[~treated], weights=w[~treated])
    resid = x - np.where(treated, mt, mc)
    n = len(x)
    se = float(np.sqrt(np.sum(w * resid ** 2) / (n - 2) * (1 / wt + 1 / wc)))
    t = (mt - mc) / se if se > 0 else np.nan
    return {"treated_mean": float(mt), "control_mean": float(mc), "se": se, "t": float(t),
            "p_value": float(2 * st.t.sf(abs(t), n - 2)) if se > 0 else np.nan}


def balance(data: pd.DataFrame, opts: PSMOptions, m: MatchResult) -> pd.DataFrame:
    """Long frame (variable, statistic, value): pstest before/after for each covariate and the
    score (``_pscore``), sample counts (``_sample``), logit coefficients (``_logit``)."""
    t_all = data[opts.treatment].to_numpy(dtype="float64", na_value=np.nan) == 1
    rows = []
    for var in [*opts.covariates, "_pscore"]:         # the score itself: what kernel matching balances
        x = m.pscore if var == "_pscore" else data[var].to_numpy(dtype="float64", na_value=np.nan)
        after = ~np.isnan(m.weight) & (m.used if opts.base_year is not None else True)
        for phase, keep, w in (("before", m.used, None), ("after", after, m.weight)):
            s = balance_stats(x[keep], t_all[keep], None if w is None else w[keep])
            rows += [{"variable": var, "statistic": f"{k}_{phase}", "value": v} for k, v in s.items()]
    rows += [{"variable": "_sample", "statistic": k, "value": v} for k, v in m.counts.items()]
    rows += [{"variable": "_logit", "statistic": k, "value": v} for k, v in m.coef.items()]
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def psm_columns(column: Column) -> list[str]:
    """Panel columns of a psm_did column: the formula's plus treatment and covariates."""
    return list(dict.fromkeys(required_columns(column) + parse_options(column.options.get("psm")).columns()))


def fit_psm_did(data: pd.DataFrame, column: Column) -> EstimatorResult:
    """DID on the matched sample with the kernel weights (``psm.regression``: weighted), or
    unweighted on the matched rows (matched) or on every common-support row (support)."""
    opts = parse_options(column.options.get("psm"))
    m = match(data, opts)
    keep = m.support if opts.regression == "support" else ~np.isnan(m.weight)
    sub = data.loc[keep].copy()
    sub["_psm_weight"] = m.weight[keep]
    w = "_psm_weight" if opts.regression == "weighted" else None
    col = replace(column, options={**column.options, "weights": w})
    res = tidy_feols(run_feols(sub, col))
    res.extra = {**m.counts, "kernel": opts.kernel, "bandwidth": opts.bandwidth, "regression": opts.regression}
    return res


def run_balance(study: Study, table: Table, fetch: Fetch, panel_cols: list[str], say) -> pd.DataFrame:
    """Table kind ``balance``: match on the table's sample and return the pstest frame."""
    opts = parse_options(table.options.get("psm"))
    require_columns(study.panel, panel_cols, opts.columns(), study.where(table))
    data = fetch(select_sql(study.panel, opts.columns(), table.sample))
    m = match(data, opts)
    out = balance(data, opts, m)
    say(f"{table.id}: matched {int(m.counts['n_treated_matched']):,} treated and "
        f"{int(m.counts['n_control_matched']):,} control rows of {len(data):,}")
    return out


def _validate(options: dict) -> None:
    parse_options(options.get("psm"))


ESTIMATOR = Estimator(fit_psm_did, psm_columns, validate=_validate,
                      description="DID on a psmatch2-style kernel-matched sample (logit score, common support, "
                                  "kernel weights in the regression by default); options.psm")
