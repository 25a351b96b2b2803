"""Run a study spec against a panel: SQL → estimators → Parquet, tables, report (layer 4).

``fetch(sql) -> pandas.DataFrame`` is injected (e.g. ``fetch_from(duckdb.connect(db, read_only=True))``),
so this module knows nothing about Dagster or where the warehouse lives. One SQL per
descriptives, balance or group-means figure table and per regression column, selecting only the
needed columns. Balance and group-means results are stored with the descriptives (long rows).
Outputs (deterministic: same data + spec → same tables, figures and Parquet rows):
  <out_dir>/estimates/<study>__estimates.parquet, <study>__descriptives.parquet
  <out_dir>/<study>/tables/<table_id>.{md,tex,html}, <out_dir>/<study>/figures/<table_id>.{png,csv},
  <out_dir>/<study>/report.{md,html}
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.core.errors import NotEstimable, SpecError
from analysis.core.panel import Fetch, require_columns, select_sql
from analysis.core.schema import (
    DESCRIPTIVE_COLUMNS,
    ESTIMATE_COLUMNS,
    MODEL_STAT_KEYS,
    EstimatorResult,
    arrow_schema,
    diag_term,
    tidy_rows,
    typed_frame,
)
from analysis.estimators import ESTIMATORS
from analysis.estimators.descriptives import describe
from analysis.estimators.group_means import run_group_means
from analysis.estimators.psm import run_balance
from analysis.estimators.refit import refit_on
from analysis.planted import effect_keys, effect_rows, load_effects
from analysis.reporting.figures import write_figures
from analysis.reporting.render import write_tables
from analysis.reporting.report import write_report
from analysis.spec.types import Column, Study, Table
from tradewh.parquet import write_parquet as write_parquet_file
from tradewh.settings import dbt_vars


@dataclass
class StudyResult:
    study: Study
    estimates: pd.DataFrame          # all tables of the study (merged with earlier runs)
    descriptives: pd.DataFrame
    tables_run: list[str]
    sample_counts: list[dict] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def report_path(self) -> Path:
        return self.files["report_md"]


def run_study(study: Study, fetch: Fetch, out_dir: str | Path, tables: list[str] | None = None,
              truth: dict | None = None, progress: Callable[[str], None] | None = None, *,
              raw_dir: str | Path | None = None) -> StudyResult:
    """Estimate the study's tables (all, or only ``tables``) and write Parquet, tables and report.

    ``study`` is a validated spec (``analysis.load_study``). ``truth`` (the parsed truth.json, or
    None) is only used for the report's coverage column. ``raw_dir`` names the data source (the
    raw directory) in the report header.
    """
    say = progress or (lambda msg: None)
    ids = [t.id for t in study.tables]
    selected = list(tables) if tables is not None else ids
    unknown = [t for t in selected if t not in ids]
    if unknown:
        raise SpecError(f"{study.path}: unknown table id(s) {unknown}; the spec has {ids}")
    panel_cols = list(fetch(f"SELECT * FROM {study.panel} LIMIT 0").columns)
    effects = _planted_effects(study, selected, fetch, raw_dir, truth)
    est_parts, desc_parts = [], []
    for table in (study.table(t) for t in dict.fromkeys(selected)):
        if table.kind == "descriptives":
            desc_parts.append(_run_descriptives(study, table, fetch, panel_cols, say))
        elif table.kind == "regression":
            est_parts += [_run_column(study, table, col, fetch, panel_cols, say, effects) for col in table.columns]
        else:
            part = _run_other(study, table, fetch, panel_cols, say)
            if part is not None:
                desc_parts.append(part)
    new_est = typed_frame(est_parts, ESTIMATE_COLUMNS)
    new_desc = typed_frame(desc_parts, DESCRIPTIVE_COLUMNS)

    out = Path(out_dir)
    edir = out / "estimates"
    edir.mkdir(parents=True, exist_ok=True)
    paths = {"estimates": edir / f"{study.study}__estimates.parquet",
             "descriptives": edir / f"{study.study}__descriptives.parquet"}
    rerun = set(selected)
    estimates = _order(study, _merge(paths["estimates"], new_est, rerun, tables is not None), True)
    descriptives = _order(study, _merge(paths["descriptives"], new_desc, rerun, tables is not None), False)
    write_parquet(estimates, paths["estimates"])
    write_parquet(descriptives, paths["descriptives"])

    write_tables(study, estimates, descriptives, out)
    paths.update(write_figures(study, estimates, descriptives, out))
    for t in study.tables:
        for ext in ("md", "tex", "html"):
            p = out / study.study / "tables" / f"{t.id}.{ext}"
            if p.exists():
                paths[f"{t.id}.{ext}"] = p
    counts = sample_counts(study, fetch)
    run_time = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    paths.update(write_report(study, estimates, descriptives, out, truth=truth, sample_counts=counts,
                              source=str(raw_dir) if raw_dir else None, run_time=run_time,
                              dbt_vars=study_dbt_vars(study)))
    say(f"{study.study}: wrote {len(paths)} files under {out}")
    return StudyResult(study, estimates, descriptives, selected, counts, paths)


def _run_descriptives(study: Study, table: Table, fetch: Fetch, panel_cols: list[str], say) -> pd.DataFrame:
    require_columns(study.panel, panel_cols, table.variables, study.where(table))
    t0 = time.perf_counter()
    data = fetch(select_sql(study.panel, table.variables, table.sample))
    d = describe(data, table.variables, table.statistics)
    d.insert(0, "table_id", table.id)
    d.insert(0, "study", study.study)
    say(f"{table.id}: {len(table.variables)} variables over {len(data):,} rows ({time.perf_counter() - t0:.1f}s)")
    return d


def _run_other(study: Study, table: Table, fetch: Fetch, panel_cols: list[str], say) -> pd.DataFrame | None:
    """Balance and figure tables: long (variable, statistic, value) rows, or None."""
    t0 = time.perf_counter()
    try:
        d = (run_balance if table.kind == "balance" else run_group_means)(study, table, fetch, panel_cols, say)
    except SpecError:
        raise
    except Exception as e:  # name the table in every failure
        raise RuntimeError(f"{study.where(table)}: {type(e).__name__}: {e}") from e
    if d is None:
        return None
    d.insert(0, "table_id", table.id)
    d.insert(0, "study", study.study)
    say(f"{table.id}: done ({time.perf_counter() - t0:.1f}s)")
    return d


def study_dbt_vars(study: Study) -> dict:
    """The dbt vars named by the spec's ``dbt_vars`` prefix (as set in dbt_project.yml)."""
    if not study.dbt_vars:
        return {}
    try:
        return {k: v for k, v in dbt_vars().items() if str(k).startswith(study.dbt_vars)}
    except OSError:
        return {}


def _planted_effects(study: Study, selected: list[str], fetch: Fetch, raw_dir, truth) -> pd.DataFrame | None:
    """The study's per-row planted effects when a selected column's truth needs them (synthetic
    universes with an answer key only; None otherwise: those cells are then not judged)."""
    wanted = any(c.truth_estimands for t in study.tables if t.id in selected for c in t.columns)
    if not (wanted and study.planted_effects):
        return None
    return load_effects(study.planted_effects, fetch, raw_dir, truth)


def _run_column(study: Study, table: Table, col: Column, fetch: Fetch, panel_cols: list[str], say,
                effects: pd.DataFrame | None = None) -> pd.DataFrame:
    where = study.where(table, col)
    est = ESTIMATORS[col.estimator]
    with_effects = effects is not None and bool(col.truth_estimands)
    keys = effect_keys(study.planted_effects) if with_effects else []
    needed = list(dict.fromkeys([*est.columns(col), *col.truth_scales.values(), *keys]))
    require_columns(study.panel, panel_cols, needed, where, f" (formula {col.formula!r}, vcov {col.vcov_str!r})")
    t0 = time.perf_counter()
    try:
        data = fetch(select_sql(study.panel, needed, col.sample))
        res = est.fit(data, col)
        if col.truth_scales:
            res = EstimatorResult(pd.concat([res.coefs, truth_scale_rows(col, data)], ignore_index=True), res.stats)
        if with_effects:
            res = EstimatorResult(pd.concat([res.coefs, effect_rows(col, data, effects, keys)], ignore_index=True),
                                  res.stats)
    except SpecError:
        raise
    except NotEstimable as e:
        # e.g. a quality measure needing a reference table the run lacks, a tiny split sample:
        # the column keeps its place (one diag:not_estimable row, N = 0, empty cells) instead of
        # failing the whole study
        say(f"{table.id} {col.name}: not estimated [{col.sample or 'all rows'}]: {e}")
        res = EstimatorResult(tidy_rows([{"term": diag_term("not_estimable")}]), {"nobs": 0.0})
    except Exception as e:  # name the column in every estimation failure
        raise RuntimeError(f"{where}: {type(e).__name__}: {e}") from e
    del data
    df = res.coefs.copy()
    for k in MODEL_STAT_KEYS:
        df[k] = res.stats.get(k, float("nan"))
    meta = {"fixed_effects": col.parsed.fixef_str, "vcov": col.vcov_str, "formula": col.formula,
            "sample": col.sample, "depvar": col.parsed.depvar, "estimator": col.estimator,
            "spec_sha256": study.sha256}
    for k, v in meta.items():
        df[k] = v
    df.insert(0, "column", col.name)
    df.insert(0, "table_id", table.id)
    df.insert(0, "study", study.study)
    say(f"{table.id} {col.name}: {col.formula} [{col.sample or 'all rows'}] "
        f"N={int(res.stats['nobs']):,} ({time.perf_counter() - t0:.1f}s)")
    return df


TRUTH_SCALED = "truth_scaled__"


def truth_scale_rows(col: Column, data: pd.DataFrame) -> pd.DataFrame:
    """``diag:truth_scale:<term>`` rows: for each row whose planted value is on another scale
    (spec truth ``scale: s``), the coefficient of the term in the column's regression of s x term
    on the same right-hand side, fixed effects, sample and singleton rule. If the outcome moves by
    delta x s_i x term_i (a planted delta on the scale of s), this is what the column's estimate of
    the term converges to per unit of delta: E[b] = delta x that coefficient. IV columns use the
    same 2SLS; a bdiff column (shown as its first group's regression) uses OLS on the first group's
    rows."""
    rows = []
    for row, scale in col.truth_scales.items():
        term = col.term(row)
        if term not in data.columns or scale not in data.columns:
            raise SpecError(f"column {col.name!r}: truth scale needs panel columns {term!r} and {scale!r}")
        d = data.assign(**{TRUTH_SCALED: data[scale] * data[term]})
        fit = refit_on(col, d, TRUTH_SCALED, "truth scale")
        rows.append({"term": diag_term("truth_scale", term), "estimate": float(fit.loc[term, "estimate"])})
    return tidy_rows(rows)


def _merge(path: Path, new: pd.DataFrame, rerun: set[str], partial: bool) -> pd.DataFrame:
    """With a partial run, keep the existing rows of tables that were not re-run."""
    if not partial or not path.exists():
        return new
    old = pd.read_parquet(path)
    old = old[~old["table_id"].isin(rerun)]
    return typed_frame([old, new] if len(old) else [new], list(new.columns))


def _order(study: Study, df: pd.DataFrame, by_column: bool) -> pd.DataFrame:
    """Spec order of tables (and columns); stable, so terms keep the estimator's order."""
    t_ord = {t.id: i for i, t in enumerate(study.tables)}
    keys = pd.DataFrame({"t": df["table_id"].map(t_ord).fillna(len(t_ord)), "tid": df["table_id"]})
    sort = ["t", "tid"]
    if by_column:
        c_ord = {(t.id, c.name): i for t in study.tables for i, c in enumerate(t.columns)}
        keys["c"] = [c_ord.get(k, 10**6) for k in zip(df["table_id"], df["column"])]
        keys["cn"] = df["column"]
        sort += ["c", "cn"]
    idx = keys.sort_values(sort, kind="mergesort").index
    return df.loc[idx].reset_index(drop=True)


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """An estimates or descriptives file with its fixed schema (zstd)."""
    write_parquet_file(df, path, schema=arrow_schema(list(df.columns)), compression="zstd")


def sample_counts(study: Study, fetch: Fetch) -> list[dict]:
    """Row counts of the panel for each sample step, in one SQL query."""
    if not study.sample_steps:
        return []
    exprs = ", ".join(f"count(*) FILTER (WHERE ({s.where})) AS s{i}" for i, s in enumerate(study.sample_steps))
    row = fetch(f"SELECT {exprs} FROM {study.panel}").iloc[0]
    return [{"label": s.label, "where": s.where, "n": int(row[f"s{i}"]), "paper": s.paper}
            for i, s in enumerate(study.sample_steps)]
