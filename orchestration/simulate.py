"""`tradewh simulate`: a study's planted cells over many synthetic universes.

Each universe (seed) is synthesised, landed, built (only the studies' panels and what they
need) and estimated (only the tables with planted cells) in its own directory, with its own
warehouse and dbt target, so universes run side by side (``jobs``). Its judged cells
(analysis.reporting.compare.headline, each against the estimand of its own specification)
are cached as ``<cache>/<code version>/<scale>/seed_<seed>/<study>.parquet``: a rerun with
more seeds only computes the new ones, and a change of code starts a new cache. The summary
(analysis.reporting.simulation) goes to ``<output>/<study>/simulation/`` and, for SQL, to
``<output>/estimates/<study>__simulation.parquet`` (dbt model ``simulation``).

Seeds are derived from the base seed (seed i = SeedSequence([base, i])), so the first n seeds
of a longer run are the seeds of a shorter one.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from tradewh.settings import PROJECT_ROOT, Paths

Progress = Callable[[str], None]


def derive_seeds(base: int, n: int) -> list[int]:
    return [int(np.random.SeedSequence([base, i]).generate_state(1)[0] % 2**31) for i in range(n)]


def code_version() -> str:
    """The commit, plus a digest of uncommitted changes to tracked files (a dirty tree is its
    own version); 'unversioned' outside a git checkout."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
    try:
        commit = git("rev-parse", "HEAD").strip()[:12]
        diff = git("diff", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return "unversioned"
    return commit + (f"-dirty-{hashlib.sha256(diff.encode()).hexdigest()[:10]}" if diff else "")


def truth_tables(study_id: str) -> list[str]:
    """The study's regression tables with at least one planted cell."""
    from analysis import load_study

    return [t.id for t in load_study(study_id).tables
            if t.kind == "regression" and any(c.truth for c in t.columns)]


def run_universe(seed: int, scale: str, studies: list[str], seed_dir: Path,
                 reference_dir: Path | None = None, keep: bool = False) -> dict[str, Path]:
    """Synthesise, build and estimate one universe; returns {study: cells file}. Runs in a worker
    process: its dbt target directory is its own (DBT_TARGET_PATH of this process)."""
    from analysis import load_study, run_study
    from analysis.reporting.compare import headline
    from analysis.reporting.simulation import draws_from_headline
    from orchestration.pipeline import build, check, land, read_truth, study_raw_sources, study_selection
    from orchestration.run_job import ensure_manifest
    from orchestration.study_check import load_manifest
    from synthetic.generate import generate
    from tradewh.parquet import write_parquet
    from tradewh.warehouse import connect_read_only

    work = seed_dir / "work"
    shutil.rmtree(work, ignore_errors=True)
    os.environ["DBT_TARGET_PATH"] = str(work / "dbt-target")
    paths = Paths(raw_dir=work / "raw", warehouse=work / "tradewh.duckdb", output=work / "output",
                  reference_dir=reference_dir, landing_dir=work / "landing")
    quiet = lambda _msg: None  # noqa: E731
    t0 = time.perf_counter()
    generate(scale, seed, paths.raw_dir)
    specs = [load_study(s) for s in studies]
    ensure_manifest(paths)
    manifest = load_manifest()
    needed = sorted({src for s in specs for src in study_raw_sources(s.study, manifest)})
    land(paths, require=sorted({src for s in specs for src in s.sources}), only=needed,
         progress=quiet)                                    # the other sources stay unlanded
    build(paths, select=" ".join(study_selection(s, manifest) for s in studies), progress=quiet,
          indirect_selection="buildable")
    truth = read_truth(paths)
    cells = {}
    for spec in specs:
        outcome = check(paths, [spec.panel], progress=quiet)[0]
        with connect_read_only(paths) as con:
            result = run_study(spec, lambda sql, con=con: con.execute(sql).df(), paths.output,
                               tables=truth_tables(spec.study), truth=truth, raw_dir=paths.raw_dir)
        draws = draws_from_headline(spec.study, seed, headline(spec, result.estimates, truth))
        draws["panel_checks_passed"] = outcome.passed
        cells[spec.study] = seed_dir / f"{spec.study}.parquet"
        write_parquet(draws, cells[spec.study])
    (seed_dir / "run.json").write_text(json.dumps({"seed": seed, "scale": scale, "studies": studies,
                                                   "seconds": round(time.perf_counter() - t0, 1)}))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return cells


def _cached(seed_dir: Path, studies: list[str]) -> bool:
    return all((seed_dir / f"{s}.parquet").exists() for s in studies)


def simulate(studies: list[str], n_seeds: int, paths: Paths, scale: str = "tiny", base_seed: int = 2026,
             jobs: int = 1, cache_dir: Path | None = None, progress: Progress = print,
             command: str = "tradewh simulate") -> dict[str, pd.DataFrame]:
    """Run (or reuse) n universes and write each study's simulation summary; returns them."""
    from analysis.reporting.simulation import write_simulation

    seeds = derive_seeds(base_seed, n_seeds)
    root = (cache_dir or paths.output / "simulation_cache") / code_version() / scale
    dirs = {s: root / f"seed_{s}" for s in seeds}
    todo = [s for s in seeds if not _cached(dirs[s], studies)]
    progress(f"{len(seeds)} universes ({scale}), {len(seeds) - len(todo)} cached under {root}; "
             f"running {len(todo)} with {jobs} job(s)")
    t0 = time.perf_counter()
    failures = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(run_universe, s, scale, studies, dirs[s], paths.reference_dir): s for s in todo}
        for i, (fut, s) in enumerate(futures.items(), start=1):
            try:
                fut.result()
                progress(f"[{i}/{len(todo)}] seed {s} done ({time.perf_counter() - t0:.0f}s)")
            except Exception as e:  # a failing universe is reported, the others still count
                failures.append(s)
                progress(f"[{i}/{len(todo)}] seed {s} FAILED: {type(e).__name__}: {str(e)[:500]}")
    if failures:
        raise RuntimeError(f"{len(failures)} universe(s) failed: seeds {failures}; rerun to retry them")
    out = {}
    for study in studies:
        draws = pd.concat([pd.read_parquet(dirs[s] / f"{study}.parquet") for s in seeds], ignore_index=True)
        summary = write_simulation(draws, study, seeds, scale, command, paths.output / study / "simulation",
                                   paths.estimates_dir / f"{study}__simulation.parquet")
        bad = summary[summary["verdict"] == "FAILS"]
        progress(f"{study}: {int((summary['check'] == 'covers').sum())} cells judged, {len(bad)} outside their "
                 f"bands -> {paths.output / study / 'simulation' / 'simulation.md'}")
        out[study] = summary
    if paths.warehouse.exists():      # the summary in SQL: `select * from simulation`
        from tradewh.dbt_runner import run_dbt

        run_dbt(paths, ["build", "--select", "simulation"], progress=lambda _msg: None)
        progress(f"loaded into {paths.warehouse}: select * from simulation")
    return out
