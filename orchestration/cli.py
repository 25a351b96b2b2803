"""`tradewh`: the command line of the warehouse.

    tradewh synth --scale demo --seed 42 --out data/raw   write a synthetic raw universe
    tradewh land                                          check and land the raw files (Parquet)
    tradewh build                                         land raw files, dbt build the warehouse
    tradewh check                                         Great Expectations on every panel
    tradewh estimate [--study ID] [--table T ...]         tables, report, estimates in SQL
    tradewh run                                           the whole pipeline as a Dagster job
    tradewh ui                                            Dagster UI on 127.0.0.1
    tradewh sql ["select ..."]                            query the warehouse read-only
    tradewh demo                                          synth (if needed) + run + where things are
    tradewh benchmark --scale large                       per-stage wall time and peak memory
    tradewh simulate --study ID --seeds 30               planted cells over many universes: bias, coverage
    tradewh studies                                       each study and what it still lacks
    tradewh sync-sources                                  regenerate dbt files from the raw-source registry

Paths: --raw-dir, --warehouse, --output, --reference-dir (or TRADEWH_RAW_DIR, TRADEWH_WAREHOUSE,
TRADEWH_OUTPUT, TRADEWH_REFERENCE_DIR).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from tradewh.settings import Paths, resolve_paths


def _paths(args) -> Paths:
    return resolve_paths(raw_dir=args.raw_dir, warehouse=args.warehouse, output=args.output,
                         reference_dir=args.reference_dir)


def _say(msg: str) -> None:
    print(msg, flush=True)


def _studies(study: str | None) -> list[str]:
    from analysis import list_studies

    ids = list_studies()
    if study and study not in ids:
        raise SystemExit(f"unknown study {study!r}; known: {', '.join(ids)}")
    return [study] if study else ids


def cmd_synth(args) -> int:
    from synthetic.generate import generate

    out = Path(args.out or resolve_paths(raw_dir=args.raw_dir).raw_dir).resolve()
    t0 = time.time()
    generate(args.scale, args.seed, out, progress=_say)
    _say(f"synthetic {args.scale} universe (seed {args.seed}) written to {out} in {time.time() - t0:.1f}s")
    return 0


def cmd_land(args) -> int:
    from orchestration.pipeline import land

    paths = _paths(args)
    _say(f"landing raw files from {paths.raw_dir} into {paths.landing_dir}")
    inventory = land(paths, require=_required_sources(getattr(args, "study", None)), progress=_say)
    _say(f"{len(inventory)} files, {int(inventory['n_landed'].sum()):,} records landed, "
         f"{int(inventory['n_parse_errors'].sum()):,} unparseable lines (kept as rejects)")
    return 0


def cmd_build(args) -> int:
    from orchestration.pipeline import build, study_selection

    paths = _paths(args)
    if args.study and args.select:
        raise SystemExit("error: give --study or --select, not both")
    if not args.no_land:
        cmd_land(args)
    select = args.select
    if args.study:
        from orchestration.run_job import ensure_manifest
        from orchestration.study_check import load_manifest

        ensure_manifest(paths)
        select = study_selection(_studies(args.study)[0], load_manifest())
    build(paths, select=select, progress=_say, indirect_selection="buildable" if args.study else None)
    _say(f"warehouse built: {paths.warehouse}" + (f" (the path to {args.study}'s panel)" if args.study else ""))
    return 0


def _required_sources(study: str | None) -> list[str]:
    """With --study, that study's sources must be present; without, none is required (the
    studies whose sources are missing are reported and skipped later)."""
    from orchestration.pipeline import required_sources

    return required_sources(_studies(study)[0]) if study else []


def _runnable(paths, study: str | None) -> list[str]:
    """Studies to check/estimate: the named one (its data must be there), or every study whose
    raw sources were landed; the others are named and skipped."""
    from orchestration.pipeline import missing_sources

    runnable = []
    for sid in _studies(study):
        missing = missing_sources(paths, sid)
        if not missing:
            runnable.append(sid)
        elif study:
            raise SystemExit(f"error: {sid} needs raw sources with no files: {', '.join(missing)} "
                             "(see docs/data-sources.md)")
        else:
            _say(f"{sid}: skipped, no raw files for {', '.join(missing)}")
    return runnable


def cmd_check(args) -> int:
    from analysis import load_study
    from orchestration.pipeline import check

    paths = _paths(args)
    panels = [load_study(s).panel for s in _runnable(paths, args.study)]
    outcomes = check(paths, panels, progress=_say)
    return 0 if all(o.passed for o in outcomes) else 1


def cmd_estimate(args) -> int:
    from orchestration.pipeline import ChecksFailed, estimate

    paths = _paths(args)
    try:
        for study in _runnable(paths, args.study):
            result = estimate(paths, study, tables=args.table or None, progress=_say)
            _say(f"{study}: report {result.report_path}")
    except ChecksFailed as e:
        _say(str(e))
        return 1
    return 0


def cmd_run(args) -> int:
    from orchestration.run_job import run_full_pipeline

    paths = _paths(args)
    ok = run_full_pipeline(paths, progress=_say)
    return 0 if ok else 1


def cmd_ui(args) -> int:
    from orchestration.run_job import dagster_home, ensure_manifest

    paths = _paths(args)
    ensure_manifest(paths)
    # the webserver's code server resolves its paths from its environment: give it ours
    env = {**os.environ, **paths.env(), "DAGSTER_HOME": str(dagster_home())}
    exe = Path(sys.executable).parent / "dagster"
    cmd = [str(exe), "dev", "-m", "orchestration.definitions", "--host", "127.0.0.1", "--port", str(args.port)]
    _say(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={env['DAGSTER_HOME']})")
    os.execve(cmd[0], cmd, env)


def cmd_sql(args) -> int:
    from orchestration.sql_shell import run_sql

    return run_sql(_paths(args), args.query)


def cmd_demo(args) -> int:
    from orchestration.demo import run_demo

    return run_demo(_paths(args), seed=args.seed, scale=args.scale, progress=_say)


def cmd_benchmark(args) -> int:
    from orchestration.benchmark import run_benchmark

    return run_benchmark(scale=args.scale, seed=args.seed, workdir=Path(args.workdir),
                         stages=args.stages, progress=_say, study=args.study, top=args.top)


def cmd_simulate(args) -> int:
    """Many synthetic universes: per planted cell bias, RMSE, SE vs sampling SD, coverage."""
    import shlex
    import sys

    from orchestration.simulate import simulate

    studies = [s for arg in args.study for s in arg.split(",")]
    for sid in studies:
        _studies(sid)                       # an unknown study id stops here with the list
    summaries = simulate(studies, args.seeds, _paths(args), scale=args.scale, base_seed=args.base_seed,
                         jobs=args.jobs, cache_dir=Path(args.cache_dir) if args.cache_dir else None,
                         progress=_say, command="tradewh " + shlex.join(sys.argv[1:]))
    return 1 if any((s["verdict"] == "FAILS").any() for s in summaries.values()) else 0


def cmd_studies(args) -> int:
    """Each shipped study and what it still lacks (spec, sources, panel model, suite, notes)."""
    from orchestration.run_job import ensure_manifest
    from orchestration.study_check import load_manifest, study_problems

    ensure_manifest(_paths(args))
    manifest, bad = load_manifest(), 0
    for sid in _studies(None):
        problems = study_problems(sid, manifest)
        bad += bool(problems)
        _say(f"{sid}: {'complete' if not problems else 'INCOMPLETE'}")
        for p in problems:
            _say(f"  - {p}")
    return 1 if bad else 0


def cmd_sync_sources(args) -> int:
    """Regenerate the dbt sources YAML and the reconciliation macro from the registry."""
    from tradewh.landing.dbt_sources import write_files
    from tradewh.settings import DBT_PROJECT_DIR

    written = write_files(DBT_PROJECT_DIR)
    _say("\n".join(f"wrote {p}" for p in written) if written else "dbt source files already match the registry")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--raw-dir", help="raw data directory (TRADEWH_RAW_DIR, default data/raw)")
    common.add_argument("--warehouse", help="DuckDB file (TRADEWH_WAREHOUSE, default data/tradewh.duckdb)")
    common.add_argument("--output", help="tables, figures, reports (TRADEWH_OUTPUT, default output)")
    common.add_argument("--reference-dir", help="official UN/BW tables (TRADEWH_REFERENCE_DIR, optional)")

    p = argparse.ArgumentParser(prog="tradewh", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("synth", parents=[common], help="write a synthetic raw universe with planted effects")
    s.add_argument("--scale", choices=["tiny", "demo", "large"], default="demo")
    s.add_argument("--seed", type=int, default=42)
    s.add_argument("--out", help="output directory (default: the raw directory)")
    s.set_defaults(func=cmd_synth)

    s = sub.add_parser("land", parents=[common], help="check and land the raw files only (Parquet + inventory)")
    s.add_argument("--study", help="require only this study's raw sources")
    s.set_defaults(func=cmd_land)

    s = sub.add_parser("build", parents=[common], help="land raw files and build the warehouse with dbt")
    s.add_argument("--select", help="dbt selection (default: everything but the results tables)")
    s.add_argument("--study", help="build only this study's panel and what it needs (its raw sources required)")
    s.add_argument("--no-land", action="store_true", help="skip the landing step (files already landed)")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("check", parents=[common], help="validate the estimation panels (Great Expectations)")
    s.add_argument("--study")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("estimate", parents=[common], help="estimate a study's tables (after its checks pass)")
    s.add_argument("--study")
    s.add_argument("--table", action="append", help="table id (repeatable), e.g. table3")
    s.set_defaults(func=cmd_estimate)

    s = sub.add_parser("run", parents=[common], help="the whole pipeline as one Dagster job (appears in the UI)")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("ui", parents=[common], help="Dagster UI bound to 127.0.0.1")
    s.add_argument("--port", type=int, default=3000)
    s.set_defaults(func=cmd_ui)

    s = sub.add_parser("sql", parents=[common], help="query the warehouse read-only (prompt without a query)")
    s.add_argument("query", nargs="?")
    s.set_defaults(func=cmd_sql)

    s = sub.add_parser("demo", parents=[common], help="synthetic demo universe end to end")
    s.add_argument("--scale", choices=["tiny", "demo", "large"], default="demo")
    s.add_argument("--seed", type=int, default=42)
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("benchmark", parents=[common], help="wall time and peak memory per stage")
    s.add_argument("--scale", choices=["tiny", "demo", "large"], default="demo")
    s.add_argument("--seed", type=int, default=42)
    s.add_argument("--workdir", default="bench")
    s.add_argument("--stages", nargs="*", help="subset of: synth land dbt check estimate")
    s.add_argument("--study", help="build, check and estimate only this study (and what it needs)")
    s.add_argument("--top", type=int, default=20, help="slowest dbt models and tests to print (default 20)")
    s.set_defaults(func=cmd_benchmark)

    s = sub.add_parser("simulate", parents=[common],
                       help="a study on many synthetic universes: bias, RMSE, SE and coverage per planted cell")
    s.add_argument("--study", action="append", required=True, help="study id (repeatable, or comma-separated)")
    s.add_argument("--seeds", type=int, default=30, help="number of universes (default 30)")
    s.add_argument("--scale", choices=["tiny", "demo", "large"], default="tiny")
    s.add_argument("--base-seed", type=int, default=2026, help="the universes' seeds are derived from it")
    s.add_argument("--jobs", type=int, default=1, help="universes run side by side (default 1)")
    s.add_argument("--cache-dir", help="per-seed results (default <output>/simulation_cache)")
    s.set_defaults(func=cmd_simulate)

    s = sub.add_parser("studies", parents=[common], help="each study and what it still lacks")
    s.set_defaults(func=cmd_studies)

    s = sub.add_parser("sync-sources", help="regenerate the dbt sources YAML and reconciliation macro "
                                            "from the raw-source registry")
    s.set_defaults(func=cmd_sync_sources)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a clear one-screen error, not a traceback, for expected failures
        from tradewh.errors import USER_ERRORS

        if isinstance(e, USER_ERRORS):
            print(f"error: {e}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
