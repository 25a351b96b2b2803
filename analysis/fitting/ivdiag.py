"""IV first-stage and identification diagnostics on the partialled (FWL) system, with the
small-sample conventions of Stata's ivreg2 / ivreghdfe. Pure numpy: no model fitting here.

Input (``IVSystem``): y (N), X (N × K endogenous) and Z (N × L excluded instruments), each with
the absorbed fixed effects and the included exogenous regressors (and the constant) already
partialled out; ``dof`` the small-sample residual degrees of freedom of the first stage,

    dof = N − L − K₁ − k_fe,

K₁ the included exogenous regressors, k_fe the parameters the fixed effects absorb (with no
FE: 1, the constant) — ivreghdfe's N − iv1_ct − sdofminus (sdofminus = reghdfe's df_a; an FE
nested in the cluster variable counts 1, as pyfixest's small-sample count does). Statistics
(ρ²₁ ≥ … ≥ ρ²_K the squared canonical correlations of X and Z, eigenvalues of (X'X)⁻¹X'P_Z X):

- first stage, per endogenous x: π̂ = (Z'Z)⁻¹Z'x with the model's vcov (iid s² = e'e/dof; HC1
  ·N/dof; CRV1 ·(N−1)/dof·G/(G−1)); partial F = π̂'V⁻¹π̂/L with p from F(L, dof) (F(L, G−1)
  when clustered, as ivreg2); partial R² = 1 − e'e/x'x.
- Anderson canonical-correlations LM = N·ρ²_K, χ²(L−K+1) (iid underidentification test).
- Cragg–Donald Wald F = ρ²_K/(1−ρ²_K) · dof/L (weak identification, iid); with K = 1 it is the
  classical first-stage partial F.
- Kleibergen–Paap rk LM (``ranktest``, full-rank test of the L × K matrix
  Θ = R_zz'π̂R_xx⁻¹, Q = R R' Cholesky factors of Z'Z/N and X'X/N; SVD Θ = USV'):
  with U₂₂, V₂₂ the blocks of the smallest singular value,
  A = [U₁₂; U₂₂]U₂₂⁻¹(U₂₂U₂₂')^½, B = (V₂₂V₂₂')^½V₂₂'⁻¹[V₁₂; V₂₂]',
  λ = (B ⊗ A') vec Θ, rk = N λ' [(B ⊗ A')Ṽ(B ⊗ A')']⁻¹ λ, χ²(L−K+1), where Ṽ is the covariance of
  √N vec Θ built from the scores x_i ⊗ z_i (LM form: the partialled X itself, i.e. under the
  null) with the model's vcov type and *no* small-sample factor (ranktest without ``small``):
  hetero Σ(v⊗z)(v⊗z)'/N, cluster Σ_g(Σ_{i∈g} v⊗z)(…)'/N. With iid errors Ṽ = I and rk LM is
  the Anderson LM.
- Kleibergen–Paap rk Wald F: the same statistic with first-stage residuals in the scores (Wald
  form), rescaled as ivreg2: rk/N · dof/L (hetero), rk/(N−1) · dof · (G−1)/G / L (cluster); with
  iid errors it *is* the Cragg–Donald F (ivreg2 reports CD F as the weak-id statistic then).
  With K = 1 it equals the robust first-stage F (same vcov, same dof).
- Over-identification (L > K): iid → Sargan N·û'P_Zû/û'û (û the 2SLS residuals); hetero or
  cluster → Hansen J = N ḡ'S⁻¹ḡ at the efficient two-step GMM estimate with S from the 2SLS
  residuals (ivreg2: the J of the efficient GMM estimator even when 2SLS is reported), χ²(L−K).
  Both are invariant to partialling out the included exogenous regressors and the FE (the
  exogenous moments are exactly satisfied), so the FWL system gives ivreg2's numbers.
Two-way clustering: the first-stage SEs and F, the KP statistics and Hansen's J need one cluster
dimension; they are NaN then (Anderson LM and Cragg–Donald F do not depend on the vcov).
HC2/HC3 and CRV3 columns get the HC1/CRV1 (ivreg2) diagnostics.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as st

# Stock & Yogo (2005), "Testing for weak instruments in linear IV regression", Table 5.2 (critical
# values of the Cragg–Donald F for the maximal size of a nominal 5% Wald test), one endogenous
# regressor, L excluded instruments; the values ivreg2 prints. maximal size -> {L: value}.
STOCK_YOGO_SIZE = {
    0.10: {1: 16.38, 2: 19.93, 3: 22.30},
    0.15: {1: 8.96, 2: 11.59, 3: 12.83},
    0.20: {1: 6.66, 2: 8.75, 3: 9.54},
    0.25: {1: 5.53, 2: 7.25, 3: 7.80},
}


def stock_yogo(n_endog: int, n_instr: int, size: float = 0.10) -> float:
    """Stock–Yogo critical value (maximal IV size) for K = 1 and L = 1..3; NaN otherwise."""
    if n_endog != 1:
        return float("nan")
    return float(STOCK_YOGO_SIZE.get(size, {}).get(n_instr, float("nan")))


@dataclass(frozen=True)
class IVSystem:
    """Partialled IV system (see the module docstring)."""
    y: np.ndarray                    # (N,)
    X: np.ndarray                    # (N, K) endogenous
    Z: np.ndarray                    # (N, L) excluded instruments
    dof: int                         # N − L − K₁ − k_fe
    vcov: str = "iid"                # iid | hetero | cluster
    clusters: np.ndarray | None = None   # int codes (one-way) when vcov == "cluster"
    endog_names: tuple[str, ...] = ()
    instr_names: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def two_way(self) -> bool:
        return self.vcov == "cluster" and self.clusters is not None and np.ndim(self.clusters) == 2

    @property
    def n_clusters(self) -> int:
        if self.clusters is None:
            return 0
        c = self.clusters if not self.two_way else self.clusters[:, 0]
        return int(len(np.unique(c)))


def partial_out(M: np.ndarray, W: np.ndarray | None) -> np.ndarray:
    """Residuals of M's columns on W (least squares; W may be rank deficient)."""
    M = np.asarray(M, dtype=np.float64)
    if W is None or W.size == 0 or W.shape[1] == 0:
        return M
    return M - W @ np.linalg.lstsq(W, M, rcond=None)[0]


def score_covariance(V: np.ndarray, Z: np.ndarray, vcov: str, clusters: np.ndarray | None = None) -> np.ndarray:
    """Covariance of vec(Z'V)/√N (ordered by column of V, then instrument), uncentred, /N,
    no small-sample factor: iid (V'V/N)⊗(Z'Z/N); hetero Σ(v⊗z)(v⊗z)'/N; cluster Σ_g(Σ v⊗z)(…)'/N."""
    V = V.reshape(len(V), -1)
    n = len(V)
    if vcov == "iid":
        return np.kron(V.T @ V / n, Z.T @ Z / n)
    scores = np.concatenate([V[:, [j]] * Z for j in range(V.shape[1])], axis=1)
    if vcov == "hetero":
        return scores.T @ scores / n
    if vcov == "cluster":
        if clusters is None:
            raise ValueError("cluster covariance needs cluster codes")
        g = np.unique(clusters, return_inverse=True)[1]
        sums = np.stack([np.bincount(g, weights=scores[:, j]) for j in range(scores.shape[1])], axis=1)
        return sums.T @ sums / n
    raise ValueError(f"unknown vcov type {vcov!r}")


def canonical_correlations(X: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Squared canonical correlations of X and Z (both partialled), descending."""
    Qxx, Qzz, Qzx = X.T @ X, Z.T @ Z, Z.T @ X
    m = np.linalg.solve(Qxx, Qzx.T @ np.linalg.solve(Qzz, Qzx))
    return np.sort(np.clip(np.linalg.eigvals(m).real, 0.0, 1.0))[::-1]


def _sqrtm_psd(m: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    return (vecs * np.sqrt(np.clip(vals, 0.0, None))) @ vecs.T


def kp_rk(s: IVSystem, wald: bool) -> tuple[float, int]:
    """Kleibergen–Paap rk statistic (χ², df) for H0: rank(π) = K − 1, ranktest's SVD algorithm."""
    X, Z, n = s.X, s.Z, s.n
    K, L = X.shape[1], Z.shape[1]
    Rz = np.linalg.cholesky(Z.T @ Z / n)          # lower: Q = R R'
    Rx = np.linalg.cholesky(X.T @ X / n)
    pi = np.linalg.solve(Z.T @ Z, Z.T @ X)
    irx = np.linalg.inv(Rx.T)                      # ranktest's irQyy
    irz = np.linalg.inv(Rz.T)                      # ranktest's irQzz
    theta = Rz.T @ pi @ irx
    U, _, Vt = np.linalg.svd(theta, full_matrices=True)
    Vm = Vt.T
    scores = X - Z @ pi if wald else X
    shat = score_covariance(scores, Z, s.vcov, s.clusters)
    T = np.kron(irx.T, irz.T)
    kpvar = T @ shat @ T.T
    kk = K - 1
    u12, u22 = U[:kk, kk:], U[kk:, kk:]
    v12, v22 = Vm[:kk, kk:], Vm[kk:, kk:]
    aq = np.vstack([u12, u22]) @ np.linalg.inv(u22) @ _sqrtm_psd(u22 @ u22.T)
    bq = _sqrtm_psd(v22 @ v22.T) @ np.linalg.inv(v22.T) @ np.vstack([v12, v22]).T
    M = np.kron(bq, aq.T)
    lab = M @ theta.ravel(order="F")
    vlab = M @ kpvar @ M.T
    stat = float(n * lab @ np.linalg.solve((vlab + vlab.T) / 2, lab))
    return stat, L - K + 1


def first_stage(s: IVSystem) -> list[dict]:
    """Per endogenous regressor: π̂, its SEs, t and p, the partial F (p) and partial R²."""
    Z, n, L = s.Z, s.n, s.Z.shape[1]
    ZZi = np.linalg.inv(Z.T @ Z)
    G = s.n_clusters
    out = []
    for j in range(s.X.shape[1]):
        x = s.X[:, j]
        pi = ZZi @ (Z.T @ x)
        e = x - Z @ pi
        if s.vcov == "iid":
            V = ZZi * (e @ e) / s.dof
        elif s.two_way:
            V = np.full_like(ZZi, np.nan)                 # two-way clustered first stages: not implemented
        else:
            meat = score_covariance(e, Z, s.vcov, s.clusters) * n
            V = ZZi @ meat @ ZZi
            V *= n / s.dof if s.vcov == "hetero" else (n - 1) / s.dof * G / (G - 1)
        se = np.sqrt(np.diag(V))
        df_t = (G - 1) if s.vcov == "cluster" else s.dof
        t = pi / se
        F = float(pi @ np.linalg.solve(V, pi) / L) if np.isfinite(V).all() else float("nan")
        out.append({"endog": s.endog_names[j] if s.endog_names else str(j), "coef": pi, "se": se, "t": t,
                    "p": 2 * st.t.sf(np.abs(t), df_t), "F": F, "F_p": float(st.f.sf(F, L, df_t)),
                    "df": (L, df_t), "partial_r2": float(1 - (e @ e) / (x @ x))})
    return out


def tsls(s: IVSystem) -> np.ndarray:
    """2SLS coefficients of the endogenous regressors (partialled system)."""
    PzX = s.Z @ np.linalg.lstsq(s.Z, s.X, rcond=None)[0]
    return np.linalg.solve(PzX.T @ s.X, PzX.T @ s.y)


def overid(s: IVSystem) -> dict | None:
    """Sargan (iid) or Hansen J (hetero/cluster) with df L − K and p; None when exactly identified."""
    K, L, n = s.X.shape[1], s.Z.shape[1], s.n
    if L <= K:
        return None
    u = s.y - s.X @ tsls(s)
    if s.vcov == "iid":
        pz_u = s.Z @ np.linalg.lstsq(s.Z, u, rcond=None)[0]
        stat, name = float(n * (u @ pz_u) / (u @ u)), "sargan"
    elif s.two_way:
        stat, name = float("nan"), "hansen_j"
    else:
        S = score_covariance(u, s.Z, s.vcov, s.clusters)
        Sinv_ZX = np.linalg.solve(S, s.Z.T @ s.X / n)
        b = np.linalg.solve((s.Z.T @ s.X / n).T @ Sinv_ZX, Sinv_ZX.T @ (s.Z.T @ s.y / n))
        gbar = s.Z.T @ (s.y - s.X @ b) / n
        stat, name = float(n * gbar @ np.linalg.solve(S, gbar)), "hansen_j"
    df = L - K
    return {"name": name, "stat": stat, "df": df, "p": float(st.chi2.sf(stat, df))}


def diagnostics(s: IVSystem) -> dict:
    """Every statistic of the module docstring: {name: value or (value, p)} plus the first stage."""
    K, L, n = s.X.shape[1], s.Z.shape[1], s.n
    if L < K:
        raise ValueError(f"IV: {L} excluded instrument(s) for {K} endogenous regressor(s): underidentified")
    rho2 = canonical_correlations(s.X, s.Z)
    r2min = float(rho2[-1])
    df_id = L - K + 1
    out: dict = {"first_stage": first_stage(s)}
    out["anderson_lm"] = (n * r2min, float(st.chi2.sf(n * r2min, df_id)))
    out["anderson_lm_df"] = df_id
    cd = r2min / (1 - r2min) * s.dof / L if r2min < 1 else float("inf")
    out["cd_wald_f"] = cd
    out["cd_wald_f_sy10"] = stock_yogo(K, L, 0.10)
    two_way = s.two_way or (s.vcov == "cluster" and s.clusters is None)
    if s.vcov == "iid":
        out["kp_rk_lm"] = out["anderson_lm"]
        out["kp_rk_wald_f"] = cd
    elif two_way:
        out["kp_rk_lm"], out["kp_rk_wald_f"] = (float("nan"), float("nan")), float("nan")
    else:
        lm, _ = kp_rk(s, wald=False)
        w, _ = kp_rk(s, wald=True)
        out["kp_rk_lm"] = (lm, float(st.chi2.sf(lm, df_id)))
        if s.vcov == "hetero":
            out["kp_rk_wald_f"] = w / n * s.dof / L
        else:
            G = s.n_clusters
            out["kp_rk_wald_f"] = w / (n - 1) * s.dof * (G - 1) / G / L
    out["kp_rk_lm_df"] = df_id
    j = overid(s)
    if j is not None:
        out[j["name"]] = (j["stat"], j["p"])
        out["overid_df"] = j["df"]
    return out
