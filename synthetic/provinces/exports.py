"""Province x manufacturing industry exports (x_ikt) that give each province-year a planted
export sophistication.

Shares are s_ik = exp(u_ik + theta_i * kappa_g(k) * z_k) over the industries the province
exports: u_ik a fixed base pattern (richer provinces lean to sophisticated industries), z_k the
standardised ln PRODY of the base pattern, kappa_g the planted group sensitivity (the
technology group tilts most). Each year, theta_i is solved so that ln TSI_i equals its target
*with PRODY recomputed from the tilted shares* (a fixed point over all study provinces)."""
from __future__ import annotations

import numpy as np

from synthetic.provinces.pipeline_view import prody_tsi
from synthetic.streams import rng

KAPPA = {"labour": 0.6, "capital": 1.0, "technology": 1.6}
# base pattern: richer provinces lean to sophisticated industries, poorer ones barely export them
SPECIALISE, POOR_PENALTY, SD_PATTERN = 0.3, 0.5, 0.3
# industry: (log size, sophistication score)
INDUSTRY = {
    "13": (1.2, -0.8), "14": (0.4, -0.6), "15": (-0.5, -0.5), "16": (-2.5, -0.4),
    "17": (1.4, -0.7), "18": (1.5, -0.9), "19": (1.0, -0.9), "20": (0.0, -0.8),
    "21": (0.6, -0.6), "22": (0.0, -0.3), "23": (-0.3, -0.4), "24": (0.9, -0.5),
    "25": (0.0, 0.0), "26": (1.2, 0.5), "27": (0.5, 0.9), "28": (-0.2, 0.1),
    "29": (1.0, -0.2), "30": (0.6, -0.5), "31": (0.8, 0.1), "32": (0.5, 0.2),
    "33": (1.0, -0.2), "34": (1.2, 0.4), "35": (0.9, 0.6), "36": (0.9, 0.9),
    "37": (0.8, 1.0), "38": (1.7, 1.0), "39": (2.6, 1.4), "40": (0.3, 1.3),
    "41": (-0.3, -0.6), "42": (-1.5, -0.7), "43": (-2.0, 0.0),
}


class ExportPattern:
    def __init__(self, seed: int, rich: np.ndarray, groups: dict[str, str]):
        r = rng(seed, "provinces", "exports")
        self.codes = list(INDUSTRY)
        size = np.array([INDUSTRY[k][0] for k in self.codes])
        soph = np.array([INDUSTRY[k][1] for k in self.codes])
        n = len(rich)
        relu = lambda v: np.maximum(v, 0.0)                                  # noqa: E731
        self.u = (size[None, :] + SPECIALISE * rich[:, None] * soph[None, :]
                  - POOR_PENALTY * relu(-rich)[:, None] * relu(soph)[None, :]
                  + r.normal(0, SD_PATTERN, (n, len(soph))))
        # not every province exports every industry: tobacco from a few, small cells dropped
        self.mask = r.random((n, len(soph))) > 0.04
        self.mask[:, self.codes.index("16")] = r.random(n) < 0.3
        self.kappa = np.array([KAPPA[groups[k]] for k in self.codes])

    def shares(self, rows: np.ndarray, theta: np.ndarray, z: np.ndarray) -> np.ndarray:
        e = self.u[rows] + theta[:, None] * self.kappa[None, :] * z[None, :]
        e = np.where(self.mask[rows], e - e.max(axis=1, keepdims=True), -np.inf)
        s = np.exp(e)
        return s / s.sum(axis=1, keepdims=True)

    def solve_year(self, rows: np.ndarray, pgdp: np.ndarray, target: np.ndarray,
                   tol: float = 1e-12, max_iter: int = 100) -> tuple[np.ndarray, float]:
        """Shares of the `rows` provinces with ln TSI as close to `target` as the single tilt
        allows, and the largest remaining |ln TSI - target| (0 up to `tol` when feasible).

        Newton on all tilts at once, PRODY recomputed inside the map (a province's tilt moves
        the PRODY of the industries it enters). Targets satisfy the adding-up identity
        sum_i TSI_i = sum_i pgdp_i, so the Jacobian has rank n-1: steps by least squares.
        A province near the top of the PRODY range may not reach a high target; the writer
        records the miss and the truth uses the ln TSI actually reached."""
        flat = np.zeros(len(self.codes))
        lp = np.log(prody_tsi(self.shares(rows, np.zeros(len(rows)), flat), pgdp)[0])
        z = (lp - lp.mean()) / lp.std()

        def resid(theta):
            return np.log(prody_tsi(self.shares(rows, theta, z), pgdp)[1]) - target

        theta, f = np.zeros(len(rows)), resid(np.zeros(len(rows)))
        for _ in range(max_iter):
            if np.max(np.abs(f)) < tol:
                break
            h = 1e-7
            jac = np.column_stack([(resid(theta + h * e) - f) / h for e in np.eye(len(rows))])
            step = np.linalg.lstsq(jac, -f, rcond=1e-6)[0]   # drop the adding-up null direction
            lam = 1.0
            while lam > 1e-4:                                 # backtracking on the residual norm
                cand = resid(theta + lam * step)
                if np.all(np.isfinite(cand)) and np.linalg.norm(cand) < np.linalg.norm(f):
                    break
                lam /= 2
            if lam <= 1e-4:
                break
            theta, f = theta + lam * step, cand
        return self.shares(rows, theta, z), float(np.max(np.abs(f)))
