"""Provincial yearbooks of the synthetic universe (paper 003, province_digital_tsi).

    provinces/yearbook_{year}.csv            long table: 地区,年份,指标,单位,数值,来源
    provinces/industry_exports_{year}.csv    地区,年份,行业代码,行业名称,出口交货值,单位

2010-2022, all 31 provinces (Tibet included, as in the yearbooks). The planted economy:
Dig (entropy index of the 15 indicators, as the pipeline computes it) raises the mediators
(human capital, tertiary/secondary ratio, innovation index) and ln TSI; TSI is hit exactly by
solving each province's industry export mix. Same for every scale (the real data are small).
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from synthetic import seeds
from synthetic.provinces import estimands
from synthetic.provinces import mediators as med
from synthetic.provinces.economy import DIGITAL, USD_RATE, YEARS, Economy
from synthetic.provinces.exports import KAPPA, ExportPattern
from synthetic.provinces.geography import EXCLUDED, PROVINCES, printed_name
from synthetic.provinces.pipeline_view import controls, entropy, fill_linear, prody_tsi
from synthetic.provinces.printing import EXPORT_NAME, export_unit, fmt
from synthetic.provinces.yearbook import Yearbook
from synthetic.streams import rng

STUDY = "province_digital_tsi"
BETA_DIRECT = {"east": 0.30, "central": 0.22, "west": 0.15}
PHI = {"hum": 0.025, "upd": 0.075, "cre": 0.03}                 # mediator -> ln TSI
DELTA = {"d_lnpgdp": -0.26, "d_lnfcl": 0.02, "d_open": 0.06, "d_lnsci": -0.09}
SD_EPS = 0.02
HIGH_N = 10
STUDY_YEARS = (2011, 2022)


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    folder = Path(out) / "provinces"
    econ, book = Economy(seed), Yearbook(seed)
    rows = np.array([p.code not in EXCLUDED for p in PROVINCES])
    cols = (YEARS >= STUDY_YEARS[0]) & (YEARS <= STUDY_YEARS[1])
    view = {code: fill_linear(book.add(code, v)) for code, v in econ.canonical().items()}
    rate = book.add_national("usd_rate", np.array([USD_RATE[int(y)] for y in YEARS]))

    # Dig exactly as the warehouse builds it: pooled entropy over study provinces x years
    weights, _, bounds = entropy({c: view[c][np.ix_(rows, cols)] for c in DIGITAL})
    dig = sum(weights[c] * (view[c] - bounds[c][0]) / (bounds[c][1] - bounds[c][0]) for c in DIGITAL)
    ctl = controls(view, rate)

    rich = np.log([p.pgdp_2010 for p in PROVINCES])
    rich = (rich - rich.mean()) / rich.std()
    planted_m = med.plant(seed, dig, rich, YEARS, cols)
    raw_m = med.raw_inputs(planted_m["target"], econ.gdp, econ.primary_share, econ.pop)
    m_view = med.from_printed({code: book.add(code, v, gaps=False) for code, v in raw_m.items()})

    groups = {r["industry_code"]: r["factor_intensity"] for r in seeds.seed("gbt4754_manufacturing")}
    pattern = ExportPattern(seed, rich, groups)
    target, eps = _outcome_target(seed, pattern, view["pgdp"], rows, cols, dig, m_view, ctl)
    x, max_miss = _write_exports(folder, seed, pattern, econ, view["pgdp"], rows, cols, target)
    n_rows = book.write(folder)

    region = np.array([p.region for p in PROVINCES])
    study = np.ix_(rows, cols)
    y_pv = np.log(np.stack([prody_tsi(x[rows, j, :], view["pgdp"][rows, j])[1]
                            for j in np.flatnonzero(cols)], axis=1))
    mean_dig = dig[study].mean(axis=1)
    high = np.zeros(rows.sum(), bool)
    high[np.argsort(-mean_dig, kind="stable")[:HIGH_N]] = True
    flat = lambda m: m.ravel()                                          # noqa: E731
    n_p, n_t = rows.sum(), cols.sum()
    v = {"dig": flat(dig[study]), **{k: flat(m_view[k][study]) for k in med.A_PATH},
         **{k: flat(ctl[k][study]) for k in DELTA}}
    m_sys = {k: flat((m_view[k] - planted_m["noise"][k])[study]) for k in med.A_PATH}
    b_noise = {k: flat(PHI[k] * planted_m["noise"][k][study]) for k in PHI}
    est = estimands.compute(v, flat(y_pv - eps) - sum(b_noise.values()), b_noise, m_sys,
                            np.repeat(np.arange(n_p), n_t),
                            np.tile(np.arange(n_t), n_p), np.repeat(region[rows], n_t),
                            np.repeat(high, n_t))
    say(f"provinces: {len(PROVINCES)} provinces x {len(YEARS)} years, {n_rows:,} yearbook rows; "
        f"largest ln TSI target miss {max_miss:.1e}")
    return {STUDY: _truth(weights, est, high, rows, y_pv - target, max_miss)}


def _outcome_target(seed, pattern, pgdp, rows, cols, dig, m_view, ctl):
    """ln TSI target on study cells: two-way fit of the base pattern's ln TSI plus the planted
    effects (two-way demeaned, so the export mix stays near its base) plus noise.

    Within-China TSI has an adding-up identity: sum_i TSI_it = sum_i pgdp_it whatever the
    export mix (the PRODY weights of each industry sum to one). Each year's targets are
    therefore shifted by a common constant to satisfy it; year fixed effects absorb it."""
    idx = np.flatnonzero(rows)
    flat = np.zeros(len(pattern.codes))
    base = np.log(np.stack([prody_tsi(pattern.shares(idx, np.zeros(len(idx)), flat), pgdp[rows, j])[1]
                            for j in np.flatnonzero(cols)], axis=1))
    region = np.array([p.region for p in PROVINCES])[rows]
    study = np.ix_(rows, cols)
    planted = np.array([BETA_DIRECT[r] for r in region])[:, None] * dig[study]
    planted = planted + sum(PHI[k] * m_view[k][study] for k in PHI) + sum(DELTA[k] * ctl[k][study] for k in DELTA)

    def two_way(m):
        return m.mean(1, keepdims=True) + m.mean(0, keepdims=True) - m.mean()

    eps = rng(seed, "provinces", "eps").normal(0, SD_EPS, base.shape)
    path = two_way(base) + planted - two_way(planted) + eps
    path += np.log(pgdp[study].sum(0) / np.exp(path).sum(0))[None, :]
    return path, eps


def _write_exports(folder, seed, pattern, econ, pgdp, rows, cols, target):
    """Solve the export mix per year, print it, return x (province x year x industry) as printed."""
    r = rng(seed, "provinces", "export_totals")
    n, t, k = len(PROVINCES), len(YEARS), len(pattern.codes)
    total = np.array([p.coast for p in PROVINCES])[:, None] * econ.gdp * 1e4 * 0.8 \
        * np.exp(r.normal(0, 0.05, (n, t)))                           # 10k yuan
    names = {s["industry_code"]: s["name_cn"] for s in seeds.seed("gbt4754_manufacturing")}
    idx, x, max_miss = np.flatnonzero(rows), np.zeros((n, t, k)), 0.0
    study_years = np.flatnonzero(cols).tolist()
    for j, year in enumerate(int(y) for y in YEARS):
        shares = pattern.shares(np.arange(n), np.zeros(n), np.zeros(k))
        if cols[j]:
            shares[idx], miss = pattern.solve_year(idx, pgdp[rows, j], target[:, study_years.index(j)])
            max_miss = max(max_miss, miss)
        unit, per, dec = export_unit(year)
        lines = []
        for i, p in enumerate(PROVINCES):
            for q, code in enumerate(pattern.codes):
                if not pattern.mask[i, q]:
                    continue
                text = fmt(shares[i, q] * total[i, j] * per, dec)
                x[i, j, q] = float(text) * (1.0 / per)
                lines.append([printed_name(p, year), str(year), code, names[code], text, unit])
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"industry_exports_{year}.csv", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["地区", "年份", "行业代码", "行业名称", EXPORT_NAME, "单位"])
            w.writerows(lines)
    return x, max_miss


def _truth(weights, est, high, rows, print_error, max_miss) -> dict:
    a_phi = {k: med.A_PATH[k] * PHI[k] for k in PHI}
    study_codes = [p.code for p, keep in zip(PROVINCES, rows) if keep]
    return {
        "years": [2010, 2022], "study_years": list(STUDY_YEARS), "excluded_provinces": list(EXCLUDED),
        "beta_direct_by_region": BETA_DIRECT, "a_dig_to_mediator": med.A_PATH, "b_mediator_to_tsi": PHI,
        "indirect_structural": {k: round(v, 6) for k, v in a_phi.items()},
        "total_by_region_structural": {r: round(b + sum(a_phi.values()), 6) for r, b in BETA_DIRECT.items()},
        "controls_on_tsi": DELTA, "sd_eps": SD_EPS, "sd_mediator_noise": med.SD_E,
        "mediator_trend": med.TREND, "kappa_group_tilt": KAPPA,
        "dig_effect_sign": "+",
        "expected_ordering": {"region": ["east", "central", "west"], "dig_level": ["high", "low"],
                              "factor_intensity": ["technology", "capital", "labour"]},
        "entropy_weights_pipeline_view": {k: round(v, 12) for k, v in weights.items()},
        "high_dig_provinces": [c for c, h in zip(study_codes, high) if h],
        "max_abs_ln_tsi_target_miss": {"solver": max_miss, "after_printing": float(np.max(np.abs(print_error)))},
        "estimands": _round(est),
        "notes": ("Planted on the variables as the warehouse computes them with the default pdt_ vars "
                  "(pooled entropy Dig over 30 provinces x 2011-2022, linear fill, ln TSI with pgdp in yuan, "
                  "controls as first differences). ln TSI = FE + beta_region * Dig + sum_M b_M * M + "
                  "controls + eps; M = FE + trend + a_M * Dig + e_M. estimands.<table>.<column>.<term> is "
                  "the expected OLS coefficient of that spec column given its own regressors: the projection "
                  "of ln TSI minus eps and minus b_M * e_M of the mediators it leaves out (or of M - e_M) on "
                  "the column's regressors and two-way FE over its sample. Factor-intensity TSI: only the "
                  "sign (dig_effect_sign) and the ordering are planted (kappa_group_tilt). Within-China "
                  "TSI adds up: sum_i TSI_it = sum_i pgdp_it each year, so targets carry a year constant."),
    }


def _round(d):
    return {k: _round(v) for k, v in d.items()} if isinstance(d, dict) else round(float(d), 10)
