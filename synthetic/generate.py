"""Write a synthetic raw directory (docs/data-sources.md formats) and its truth.json.

    generate("demo", 42, Path("data/raw"))         # or: python -m synthetic demo 42 DIR

Deterministic by (scale, seed): every component draws from its own named stream
(synthetic.streams). The universe is written by source families, each a module with
`write(scale, seed, out, say) -> {study_id: planted truth}`; the truths are merged into
`out/truth.json` (never read by the pipeline, only by tests and reports).
"""
from __future__ import annotations

import argparse
import importlib
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from synthetic.scales import YEARS, get_scale

# family -> module with write(); order matters only for progress messages
FAMILIES = {
    "macro": "synthetic.macro.writer",       # BACI, WDI, WITS tariffs, IFR (paper 000)
    "firms": "synthetic.firms.writer",       # customs transactions, industrial-firm survey
    "records": "synthetic.records.writer",   # patents, B2B platforms, ICP/WHOIS, business registries
    "provinces": "synthetic.provinces.writer",  # provincial yearbooks, province x industry exports (paper 003)
    "elasticities": "synthetic.elasticities.writer",  # Soderbery (2018) sigma, importer x HS4 (paper 004)
    "cnnic": "synthetic.cnnic.writer",       # CNNIC provincial internet penetration (paper 004)
    "io": "synthetic.io.writer",             # NBS input-output tables (paper 001 For/Back linkages)
    "context": "synthetic.context.writer",   # distances, PWT, institutions, NRI, cities, supply chains (paper 002)
}


def generate(scale: str, seed: int, out: Path, progress: Callable[[str], None] | None = None,
             families: Iterable[str] | None = None) -> dict:
    """Write the raw files of `scale` with `seed` into `out`; return the truth dict."""
    get_scale(scale)
    out, say = Path(out), progress or (lambda _msg: None)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    chosen = list(families) if families else list(FAMILIES)
    unknown = set(chosen) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown source families {sorted(unknown)}; choose from {sorted(FAMILIES)}")
    studies: dict = {}
    for name in chosen:
        # several families may plant parts of one study: merge their entries per study
        for study, planted in importlib.import_module(FAMILIES[name]).write(scale, seed, out, say).items():
            studies.setdefault(study, {}).update(planted)
    truth = {"seed": seed, "scale": scale, "years": [YEARS[0], YEARS[-1]],
             "families": chosen, "studies": studies}
    with open(out / "truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=2, sort_keys=True)
        f.write("\n")
    say(f"done in {time.perf_counter() - started:.1f}s -> {out}")
    return truth


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scale", choices=["tiny", "demo", "large"])
    p.add_argument("seed", type=int)
    p.add_argument("out", type=Path)
    a = p.parse_args(argv)
    generate(a.scale, a.seed, a.out, progress=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
