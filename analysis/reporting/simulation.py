"""Monte Carlo summary of a study's planted cells over many synthetic universes.

One universe says little about whether a 95% interval has 95% coverage or whether a cell's
stated estimand is what its specification estimates. Over draws r = 1..n of (estimate b_r,
standard error s_r, estimand e_r — its own per universe, analysis.reporting.compare):

  bias = mean(b - e), RMSE = sqrt(mean((b - e)^2)), sd = sd(b - e) (the sampling SD),
  mean SE = mean(s) (should be close to sd), z = (b - e) / s, coverage = share of CIs covering e.

A cell *recovers* its estimand when its coverage lies in the 99% binomial band around 0.95 for
n draws and its mean z is within 3 standard errors (sd(z) / sqrt(n)) of 0. Cells whose planted
value is not their estimand (check ``reference``) are shown for reference; sign checks report
the share of draws with the planted sign at p < 0.05.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

NOMINAL, BAND = 0.95, 0.99
DRAW_COLUMNS = ["study", "seed", "table_id", "column", "term", "check", "estimand", "estimate", "std_error",
                "conf_low", "conf_high", "truth_value", "planted_value", "covers"]
SUMMARY_COLUMNS = ["study", "table_id", "column", "term", "check", "estimand", "n", "mean_estimand",
                   "mean_planted", "mean_estimate", "bias", "rmse", "sd_estimate", "mean_se", "se_ratio",
                   "coverage", "band_low", "band_high", "mean_z", "se_mean_z", "sign_share", "verdict"]
SQL_COLUMNS = [*SUMMARY_COLUMNS, "scale", "n_universes"]
_TEXT = {"study", "table_id", "column", "term", "check", "estimand", "verdict", "scale"}
_COUNTS = {"n", "n_universes"}


def sql_schema():
    """The Parquet schema of the summary that SQL reads (dbt model ``simulation``)."""
    import pyarrow as pa

    return pa.schema([(c, pa.string() if c in _TEXT else pa.int64() if c in _COUNTS else pa.float64())
                      for c in SQL_COLUMNS])


def empty_summary() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object" if c in _TEXT else "int64" if c in _COUNTS else "float64")
                         for c in SQL_COLUMNS})


def binomial_band(n: int, p: float = NOMINAL, level: float = BAND) -> tuple[float, float]:
    """The central ``level`` range of the share of successes in n Bernoulli(p) draws."""
    lo, hi = stats.binom.interval(level, n, p)
    return float(lo) / n, float(hi) / n


def draws_from_headline(study: str, seed: int, headline: pd.DataFrame) -> pd.DataFrame:
    """One universe's judged cells (analysis.reporting.compare.headline) as simulation draws."""
    h = headline.rename(columns={"term": "row"}).copy()
    h["term"] = h["row"]
    h["study"], h["seed"] = study, int(seed)
    h["estimand"] = h["estimand"].fillna("planted")
    return h[DRAW_COLUMNS].reset_index(drop=True)


def _cell(g: pd.DataFrame) -> dict:
    check = g["check"].dropna().iloc[0] if g["check"].notna().any() else None
    ok = g["estimate"].notna() & g["truth_value"].notna()
    d = g[ok]
    n = len(d)
    err = d["estimate"] - d["truth_value"]
    out = {"check": check, "n": n, "mean_estimand": d["truth_value"].mean(),
           "mean_planted": g["planted_value"].mean(), "mean_estimate": d["estimate"].mean(), "bias": err.mean(),
           "rmse": math.sqrt((err ** 2).mean()) if n else np.nan,
           "sd_estimate": err.std(ddof=1) if n > 1 else np.nan, "mean_se": d["std_error"].mean()}
    out["se_ratio"] = out["mean_se"] / out["sd_estimate"] if out["sd_estimate"] else np.nan
    out.update(coverage=np.nan, band_low=np.nan, band_high=np.nan, mean_z=np.nan, se_mean_z=np.nan,
               sign_share=np.nan)
    if check == "covers" and n < 2:
        out["verdict"] = "too few universes"
    elif check == "covers":
        z = err / d["std_error"]
        out["coverage"] = float(((d["conf_low"] <= d["truth_value"]) & (d["truth_value"] <= d["conf_high"])).mean())
        out["band_low"], out["band_high"] = binomial_band(n)
        out["mean_z"], out["se_mean_z"] = z.mean(), (z.std(ddof=1) / math.sqrt(n)) if n > 1 else np.nan
        within = out["band_low"] <= out["coverage"] <= out["band_high"]
        centred = n > 1 and abs(out["mean_z"]) <= 3 * out["se_mean_z"]
        out["verdict"] = "recovers" if within and centred else "FAILS"
    elif check == "sign":
        out["sign_share"] = float(g["covers"].astype("boolean").fillna(False).mean())
        out["verdict"] = "sign (share of draws)"
    elif check == "reference":
        out["verdict"] = "shown for reference"
    elif len(g) and g["estimate"].isna().all():
        out["verdict"] = "not estimable at this scale"
    else:
        out["verdict"] = "not judged (no estimand)"
    return out


CELL_KEYS = ["study", "table_id", "column", "term"]


def summarise(draws: pd.DataFrame) -> pd.DataFrame:
    """One row per study x table x column x term (the draws' order of first appearance)."""
    rows = []
    for key, g in draws.groupby(CELL_KEYS, sort=False):
        est = g["estimand"].dropna()
        rows.append({**dict(zip(CELL_KEYS, key)), "estimand": est.iloc[0] if len(est) else "planted", **_cell(g)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _fmt(x, digits: int = 4) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    return f"{x:.{digits}g}" if isinstance(x, float) else str(x)


def markdown(summary: pd.DataFrame, study: str, seeds: list[int], scale: str, command: str) -> str:
    n_fail = int((summary["verdict"] == "FAILS").sum())
    judged = int((summary["check"] == "covers").sum())
    lines = [f"# Simulation: {study}", "",
             f"{len(seeds)} synthetic universes at scale `{scale}` (seeds {', '.join(map(str, seeds[:8]))}"
             f"{', …' if len(seeds) > 8 else ''}); command: `{command}`.", "",
             f"Cells judged against their estimand: {judged}; outside the 99% binomial band of coverage or with "
             f"|mean z| > 3 SE: {n_fail}.", "",
             "Estimand: `planted` = the truth.json value; `weighted_effect` = the column's own regression of the "
             "outcome's planted part (a two-way FE DID weights treated rows unequally; a first-stage residual "
             "nets part of it); `planted_plus_effect` = the planted value plus that regression's load on the "
             "term (placebos); `planted_path` = that regression alone for a planted coefficient that reaches "
             "the outcome through a pipeline step (lnmfn through the KSW first stage).", "",
             "| table | column | term | estimand | n | mean estimand | mean planted | mean estimate | bias | RMSE | "
             "sd | mean SE | coverage | 99% band | mean z (SE) | verdict |",
             "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for r in summary.itertuples(index=False):
        band = f"[{r.band_low:.3f}, {r.band_high:.3f}]" if math.isfinite(r.band_low) else "—"
        cov = f"{r.coverage:.3f}" if math.isfinite(r.coverage) else (
            f"sign {r.sign_share:.2f}" if math.isfinite(r.sign_share) else "—")
        z = f"{r.mean_z:+.2f} ({r.se_mean_z:.2f})" if math.isfinite(r.mean_z) else "—"
        lines.append(f"| {r.table_id} | {r.column} | {r.term} | {r.estimand} | {r.n} | {_fmt(r.mean_estimand)} | "
                     f"{_fmt(r.mean_planted)} | {_fmt(r.mean_estimate)} | {_fmt(r.bias, 3)} | {_fmt(r.rmse, 3)} | "
                     f"{_fmt(r.sd_estimate, 3)} | {_fmt(r.mean_se, 3)} | {cov} | {band} | {z} | {r.verdict} |")
    return "\n".join(lines) + "\n"


def z_figure(draws: pd.DataFrame, summary: pd.DataFrame, path: Path) -> None:
    """z = (estimate - estimand) / SE of every judged cell and draw, with +-1.96."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    cells = summary[summary["check"] == "covers"]
    fig = Figure(figsize=(8, max(2.5, 0.28 * len(cells) + 1)))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    groups = dict(tuple(draws.groupby(CELL_KEYS, sort=False)))
    for i, c in enumerate(cells.itertuples(index=False)):
        g = groups[(c.study, c.table_id, c.column, c.term)]
        z = ((g["estimate"] - g["truth_value"]) / g["std_error"]).dropna()
        ax.plot(z, np.full(len(z), i), "|", color="tab:blue" if c.verdict == "recovers" else "tab:red", alpha=0.6)
        ax.plot([c.mean_z], [i], "kD", markersize=4)
    for x in (-1.96, 0, 1.96):
        ax.axvline(x, color="grey", linestyle=":" if x else "-", linewidth=0.8)
    ax.set_yticks(range(len(cells)))
    ax.set_yticklabels([f"{c.table_id} {c.column} {c.term}" for c in cells.itertuples(index=False)], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("z = (estimate − estimand) / SE   (◆ mean)")
    fig.tight_layout()
    fig.savefig(path, dpi=120, metadata={"Software": None})


def write_simulation(draws: pd.DataFrame, study: str, seeds: list[int], scale: str, command: str,
                     out_dir: Path, sql_path: Path) -> pd.DataFrame:
    """Markdown + CSV + figure under ``out_dir``; the summary as Parquet for SQL (``sql_path``)."""
    from tradewh.parquet import write_parquet

    summary = summarise(draws)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "simulation.md").write_text(markdown(summary, study, seeds, scale, command), encoding="utf-8")
    summary.to_csv(out_dir / "cells.csv", index=False)
    draws.to_csv(out_dir / "draws.csv", index=False)
    z_figure(draws, summary, out_dir / "z_scores.png")
    write_parquet(summary.assign(scale=scale, n_universes=len(seeds))[SQL_COLUMNS], sql_path, schema=sql_schema())
    return summary
