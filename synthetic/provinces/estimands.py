"""What each regression of paper 003 should estimate on this universe.

The outcome is planted as ln TSI = FE + beta_region * Dig + sum_M b_M * M + delta' dX + eps on
the variables the pipeline computes, with M = FE + a_M * Dig + e_M. Given a regression's own
regressors, everything else that is random (eps, and e_M of the mediators it leaves out) has
mean zero, so its expected coefficients are the least-squares projection of the rest on its
regressors and two-way fixed effects over its sample: E[b_hat | regressors], exact even with
region-specific beta and unbalanced subsamples. These are the planted values the replication
report compares with."""
from __future__ import annotations

import numpy as np

CONTROLS = ["d_lnpgdp", "d_lnfcl", "d_open", "d_lnsci"]
MEDIATORS = ["hum", "upd", "cre"]


def fe_projection(y: np.ndarray, regs: dict[str, np.ndarray], prov: np.ndarray, year: np.ndarray,
                  keep: np.ndarray) -> dict[str, float]:
    """Coefficients of `regs` in an OLS of y on regs + province and year dummies over `keep`."""
    p, t = prov[keep], year[keep]
    cols = [regs[k][keep] for k in regs]
    cols += [(p == v).astype(float) for v in np.unique(p)]
    cols += [(t == v).astype(float) for v in np.unique(t)[1:]]
    beta, *_ = np.linalg.lstsq(np.column_stack(cols), y[keep], rcond=None)
    return {k: float(b) for k, b in zip(regs, beta[: len(regs)])}


def compute(v: dict[str, np.ndarray], y_clean: np.ndarray, b_noise: dict[str, np.ndarray],
            m_sys: dict[str, np.ndarray], prov: np.ndarray, year: np.ndarray, region: np.ndarray,
            high: np.ndarray) -> dict:
    """Planted estimands keyed like the study spec: table -> column -> term.

    y_clean: ln TSI minus eps and minus every b_M * e_M; b_noise[M] = b_M * e_M, added back
    when M is a regressor; m_sys[M] = M - e_M."""
    everyone = np.ones(len(y_clean), bool)
    y_sys = y_clean

    def ctrl(k):
        return {c: v[c] for c in CONTROLS[:k]}

    def est(y, regs, keep=everyone):
        return fe_projection(y, regs, prov, year, keep)

    out: dict = {"table3": {}}
    for k in range(5):
        out["table3"][f"({k + 1})"] = est(y_sys, {"dig": v["dig"], **ctrl(k)})
    total = out["table3"]["(5)"]["dig"]
    out["table4"], out["table4_effects"] = {}, {}
    for j, m in enumerate(MEDIATORS):
        a = est(m_sys[m], {"dig": v["dig"], **ctrl(4)})["dig"]
        outcome = est(y_clean + b_noise[m], {"dig": v["dig"], m: v[m], **ctrl(4)})
        out["table4"][f"({2 * j + 1})"] = {"dig": a}
        out["table4"][f"({2 * j + 2})"] = {"dig": outcome["dig"], m: outcome[m]}
        out["table4_effects"][m.capitalize()] = {
            "total": total, "direct": outcome["dig"], "a": a, "b": outcome[m],
            "indirect": a * outcome[m], "share": a * outcome[m] / total}
    out["table5"] = {name: est(y_sys, {"dig": v["dig"], **ctrl(4)}, region == key)
                     for name, key in (("(1) East", "east"), ("(2) Central", "central"), ("(3) West", "west"))}
    out["table6"] = {"(1) High": est(y_sys, {"dig": v["dig"], **ctrl(4)}, high),
                     "(2) Low": est(y_sys, {"dig": v["dig"], **ctrl(4)}, ~high)}
    return out
