"""Total factor productivity by Olley & Pakes (1996) with investment as the proxy (paper 004's
``lntfp``; the paper gives no details — ambiguity 10 — so each choice is a parameter).

All inputs in logs, one row per firm-year: output y, labour l, capital k, the proxy i = ln
investment (rows with a missing proxy, e.g. zero investment, do not enter stage 1), optionally
materials m (gross output) and an exit indicator.

Stage 1 (OLS):  y_it = β_l l_it [+ β_m m_it] [+ year dummies] + φ(k_it, i_it) + ε_it,
  φ a full polynomial of total degree ``poly_order`` in (k, i) with a constant; the free inputs
  (labour, materials with ``value_added=False``, year dummies with ``year_effects=True``) enter
  linearly. φ̂ = fitted − β̂_l l [− β̂_m m − year effects].
Survival (``survival=True``): probit of staying in the panel (observed at t+1; rows in the last
  year of the panel are not used) on the same polynomial in (k_t, i_t) → P̂_t. ``exit`` names a
  0/1 column (1 = exits after t) instead of deriving it from the panel.
Stage 2 (NLS in β_k): for rows whose firm is observed at t−1 with φ̂_{t−1},
  y_t − β̂_l l_t [− β̂_m m_t − year effect] = β_k k_t + g(φ̂_{t−1} − β_k k_{t−1} [, P̂_{t−1}]) + e,
  g a polynomial of degree ``poly_order`` (with interactions in P̂ when surviving) whose
  coefficients are concentrated out by OLS for each β_k; β̂_k minimises the sum of squares over
  a grid on ``k_range`` refined by Brent's method.
TFP: ω̂ = y − β̂_l l − β̂_k k [− β̂_m m] (log TFP, constant included). ``bootstrap`` > 0 gives
firm-cluster bootstrap SEs (deterministic for ``seed``). Tested on a simulated production
function with a monotone investment policy (tests/test_production.py), with OLS and within
(firm FE) estimates for comparison (``ols_tfp``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations_with_replacement

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as st


def polynomial(cols: list[np.ndarray], degree: int) -> np.ndarray:
    """All monomials of total degree 0..``degree`` in the columns (the constant first)."""
    n = len(cols[0])
    out = [np.ones(n)]
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(range(len(cols)), d):
            term = np.ones(n)
            for j in combo:
                term = term * cols[j]
            out.append(term)
    return np.column_stack(out)


def _ols(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    return b, y - X @ b


@dataclass
class OPResult:
    beta_l: float
    beta_k: float
    beta_m: float | None
    tfp: pd.Series                      # ω̂ for every row with y, l, k (and m)
    n_stage1: int
    n_stage2: int
    poly_order: int
    survival: bool
    value_added: bool
    se: dict[str, float] = field(default_factory=dict)     # bootstrap SEs when asked for
    ssr: float = float("nan")


def _lagged(df: pd.DataFrame, firm: str, year: str, cols: list[str], lag: int = 1) -> pd.DataFrame:
    """Values of ``cols`` at t − lag for the same firm (NaN when the firm is not observed then);
    lag = −1 gives the next year's values."""
    prev = df[[firm, year, *cols]].copy()
    prev[year] = prev[year] + lag
    out = df[[firm, year]].merge(prev, on=[firm, year], how="left", validate="one_to_one")
    out.index = df.index
    return out[cols]


def olley_pakes(df: pd.DataFrame, output: str = "y", labor: str = "l", capital: str = "k",
                proxy: str = "i", firm: str = "firm", year: str = "year", *, value_added: bool = True,
                materials: str | None = None, poly_order: int = 3, survival: bool = False,
                exit: str | None = None, year_effects: bool = False, k_range: tuple[float, float] = (-0.5, 1.5),
                bootstrap: int = 0, seed: int = 0) -> OPResult:
    """Olley–Pakes estimates (module docstring). ``value_added=False`` needs ``materials``."""
    if not value_added and materials is None:
        raise ValueError("olley_pakes: gross output (value_added=False) needs the materials column")
    if poly_order < 1:
        raise ValueError("olley_pakes: poly_order must be at least 1")
    res = _olley_pakes(df, output, labor, capital, proxy, firm, year, value_added, materials, poly_order,
                       survival, exit, year_effects, k_range)
    if bootstrap:
        rng = np.random.default_rng(seed)
        firms = df[firm].unique()
        draws = []
        for _ in range(bootstrap):
            pick = rng.choice(firms, size=len(firms), replace=True)
            parts = [df[df[firm] == f].assign(**{firm: j}) for j, f in enumerate(pick)]
            b = _olley_pakes(pd.concat(parts, ignore_index=True), output, labor, capital, proxy, firm, year,
                             value_added, materials, poly_order, survival, exit, year_effects, k_range)
            draws.append([b.beta_l, b.beta_k] + ([b.beta_m] if b.beta_m is not None else []))
        sd = np.std(np.array(draws), axis=0, ddof=1)
        res.se = dict(zip(["beta_l", "beta_k", "beta_m"], map(float, sd)))
    return res


def _olley_pakes(df, output, labor, capital, proxy, firm, year, value_added, materials, poly_order, survival,
                 exit, year_effects, k_range) -> OPResult:
    d = df.reset_index(drop=True)
    free = [labor] + ([materials] if not value_added else [])
    base = d[[output, *free, capital]].notna().all(axis=1).to_numpy()
    s1 = base & d[proxy].notna().to_numpy()
    y, k, i = (d[c].to_numpy(dtype=np.float64) for c in (output, capital, proxy))
    F = d[free].to_numpy(dtype=np.float64)
    Y = (pd.get_dummies(d[year], drop_first=True, dtype=float).to_numpy() if year_effects
         else np.zeros((len(d), 0)))
    P1 = polynomial([k[s1], i[s1]], poly_order)
    X1 = np.column_stack([F[s1], Y[s1], P1])
    b1, _ = _ols(y[s1], X1)
    beta_free = b1[:F.shape[1]]
    gamma_year = b1[F.shape[1]:F.shape[1] + Y.shape[1]]
    net = y - F @ beta_free - (Y @ gamma_year if Y.shape[1] else 0.0)     # output net of free inputs
    phi = np.full(len(d), np.nan)
    phi[s1] = P1 @ b1[F.shape[1] + Y.shape[1]:]

    d = d.assign(_phi=phi, _k=k, _net=net)
    state = ["_phi", "_k"]
    if survival:
        if exit is not None:
            stay = 1.0 - d[exit].to_numpy(dtype=np.float64)
        else:
            stay = _lagged(d.assign(_seen=1.0), firm, year, ["_seen"], lag=-1)["_seen"].notna().to_numpy(float)
        last = d[year].to_numpy() == d[year].max()
        ok = s1 & ~last & np.isfinite(stay)
        gamma = _survival_probit(stay[ok], polynomial([k[ok], i[ok]], poly_order))
        p_hat = np.full(len(d), np.nan)
        p_hat[s1] = st.norm.cdf(P1 @ gamma)
        d["_p"] = p_hat
    lag = _lagged(d, firm, year, state + (["_p"] if survival else []))
    s2 = base & lag["_phi"].notna().to_numpy() & np.isfinite(net)
    target = net[s2]
    k_t = k[s2]
    phi_l, k_l = lag["_phi"].to_numpy()[s2], lag["_k"].to_numpy()[s2]
    p_l = lag["_p"].to_numpy()[s2] if survival else None

    def ssr(bk: float) -> float:
        w = phi_l - bk * k_l
        G = polynomial([w, p_l] if survival else [w], poly_order)
        _, r = _ols(target - bk * k_t, G)
        return float(r @ r)

    grid = np.linspace(k_range[0], k_range[1], 61)
    vals = np.array([ssr(b) for b in grid])
    j = int(np.argmin(vals))
    lo, hi = grid[max(j - 1, 0)], grid[min(j + 1, len(grid) - 1)]
    opt = optimize.minimize_scalar(ssr, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    beta_k = float(opt.x)
    tfp = pd.Series(np.where(base, y - F @ beta_free - beta_k * k, np.nan), index=df.index, name="tfp")
    return OPResult(float(beta_free[0]), beta_k, float(beta_free[1]) if not value_added else None, tfp,
                    int(s1.sum()), int(s2.sum()), poly_order, survival, value_added, ssr=float(opt.fun))


def ols_tfp(df: pd.DataFrame, output: str = "y", labor: str = "l", capital: str = "k", firm: str | None = None,
            materials: str | None = None) -> dict[str, float]:
    """Comparison estimates: pooled OLS of y on l, k (, m), or within-firm (firm FE) if ``firm``."""
    cols = [output, labor, capital] + ([materials] if materials else [])
    d = df[cols + ([firm] if firm else [])].dropna()
    X = d[cols[1:]].to_numpy(dtype=np.float64)
    y = d[output].to_numpy(dtype=np.float64)
    if firm:
        g = pd.factorize(d[firm])[0]
        cnt = np.bincount(g)
        y = y - (np.bincount(g, weights=y) / cnt)[g]
        X = X - np.stack([np.bincount(g, weights=X[:, j]) / cnt for j in range(X.shape[1])], 1)[g]
    else:
        X = np.column_stack([np.ones(len(d)), X])
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    b = b if firm else b[1:]
    return dict(zip(["beta_l", "beta_k", "beta_m"], map(float, b)))


def _survival_probit(stay: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Probit coefficients of ``stay`` (0/1) on the polynomial ``P`` (Newton–Raphson, log Φ stable)."""
    if stay.min() == stay.max():
        raise ValueError("olley_pakes: no exits (or no survivors) in the data; use survival=False")
    b = np.zeros(P.shape[1])
    q = 2 * stay - 1
    for _ in range(200):
        xb = P @ b
        lam = q * np.exp(st.norm.logpdf(xb) - st.norm.logcdf(q * xb))
        H = (P * (lam * (lam + xb))[:, None]).T @ P
        step = np.linalg.lstsq(H, P.T @ lam, rcond=None)[0]
        b = b + step
        if np.max(np.abs(step)) < 1e-10 * (1 + np.max(np.abs(b))):
            return b
    raise ValueError("olley_pakes: the survival probit did not converge (perfect prediction?)")
