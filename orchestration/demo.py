"""`tradewh demo`: the synthetic universe end to end, then where everything is."""
from __future__ import annotations

from collections.abc import Callable

from tradewh.settings import Paths


def run_demo(paths: Paths, seed: int, scale: str, progress: Callable[[str], None] = print) -> int:
    from synthetic.generate import generate

    from .run_job import run_full_pipeline

    if not (paths.raw_dir / "truth.json").exists():
        if paths.raw_dir.exists() and any(paths.raw_dir.iterdir()):
            progress(f"{paths.raw_dir} has raw files but no truth.json: using them as they are")
        else:
            progress(f"writing the synthetic {scale} universe (seed {seed}) to {paths.raw_dir}")
            generate(scale, seed, paths.raw_dir, progress=progress)
    ok = run_full_pipeline(paths, progress=progress)
    progress("")
    progress("Where things are:")
    progress(f"  raw data      {paths.raw_dir}")
    progress(f"  warehouse     {paths.warehouse}   (tradewh sql \"select * from marts.estimates limit 5\")")
    for report in sorted(paths.output.glob("*/report.md")):
        study = report.parent
        progress(f"  {study.name}: report {report}")
        progress(f"      tables  {study / 'tables'}   figures {study / 'figures'}")
    progress("  pipeline UI   tradewh ui   (runs are recorded in .dagster_home)")
    return 0 if ok else 1
