"""Probit by maximum likelihood, the inverse Mills ratio, and model matrices from a formula.

``probit(y, X)`` maximises ℓ(b) = Σ log Φ(q_i x_i'b), q = 2y − 1, by Newton–Raphson with step
halving (log Φ via ``scipy.special.log_ndtr``, stable in the tails). Score Σ λ_i x_i and observed
Hessian −Σ λ_i(λ_i + q_i x_i'b) x_i x_i' with λ_i = q_i φ(x_i'b)/Φ(q_i x_i'b); the covariance is
the inverse of the negative Hessian at the optimum (statsmodels' default for Probit), z-tests.
Pseudo R² is McFadden's 1 − ℓ/ℓ₀ (ℓ₀: intercept only). Model matrices come from
``analysis.fitting.feols.model_matrix``. Cross-checked against statsmodels.Probit in
tests/test_analysis_heckman.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as st
from scipy.special import log_ndtr


@dataclass
class ProbitResult:
    names: list[str]
    coef: np.ndarray
    cov: np.ndarray
    loglik: float
    loglik0: float
    n: int
    n_success: int
    iterations: int

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    @property
    def pseudo_r2(self) -> float:
        return 1.0 - self.loglik / self.loglik0 if self.loglik0 < 0 else float("nan")

    def tidy(self) -> pd.DataFrame:
        z = self.coef / self.se
        q = st.norm.ppf(0.975)
        return pd.DataFrame({"term": self.names, "estimate": self.coef, "std_error": self.se, "statistic": z,
                             "p_value": 2 * st.norm.sf(np.abs(z)), "conf_low": self.coef - q * self.se,
                             "conf_high": self.coef + q * self.se})


def inverse_mills(index: np.ndarray) -> np.ndarray:
    """λ(a) = φ(a)/Φ(a), computed as exp(log φ(a) − log Φ(a)) (finite far in the left tail)."""
    a = np.asarray(index, dtype=np.float64)
    return np.exp(st.norm.logpdf(a) - log_ndtr(a))


def probit(y: np.ndarray, X: np.ndarray, names: list[str] | None = None, tol: float = 1e-12,
           max_iter: int = 200) -> ProbitResult:
    """Probit of a 0/1 ``y`` on ``X`` (include the constant column yourself)."""
    y = np.asarray(y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    if not set(np.unique(y)) <= {0.0, 1.0}:
        raise ValueError("probit: the dependent variable must be 0/1")
    if y.min() == y.max():
        raise ValueError("probit: the dependent variable does not vary")
    q = 2 * y - 1

    def loglik(b):
        return float(log_ndtr(q * (X @ b)).sum())

    b = np.zeros(X.shape[1])
    ll = loglik(b)
    it = 0
    for _ in range(max_iter):
        it += 1
        xb = X @ b
        lam = q * np.exp(st.norm.logpdf(xb) - log_ndtr(q * xb))
        grad = X.T @ lam
        w = lam * (lam + xb)
        H = (X * w[:, None]).T @ X                     # −Hessian
        step = np.linalg.solve(H, grad)
        t = 1.0
        while True:
            new = loglik(b + t * step)
            if new >= ll - 1e-12 * abs(ll) or t < 1e-10:
                break
            t /= 2
        b, ll = b + t * step, new
        if np.max(np.abs(t * step)) < tol * (1 + np.max(np.abs(b))):
            break
    else:
        raise ValueError(f"probit did not converge in {max_iter} iterations (perfect prediction?)")
    xb = X @ b
    lam = q * np.exp(st.norm.logpdf(xb) - log_ndtr(q * xb))
    H = (X * (lam * (lam + xb))[:, None]).T @ X
    p = y.mean()
    ll0 = float(len(y) * (p * np.log(p) + (1 - p) * np.log(1 - p)))
    return ProbitResult(list(names) if names else [f"x{j}" for j in range(X.shape[1])], b, np.linalg.inv(H),
                        ll, ll0, len(y), int(y.sum()), it)
