"""The firm-level sources of the synthetic universe: customs transactions and the industrial-
firm survey, 2000-2015, with truth files (truth_firms/) and the planted parameters of
robots_dvar, digital_patents_quality and trade_digitization_quality.

Generated and written year by year: only the firm universe and the live export varieties are
kept across years, so `large` (~300k survey firms a year, >50M customs rows) runs in bounded
memory.
"""
from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path

from synthetic.firms import survey
from synthetic.firms.customs import CustomsWriter
from synthetic.firms.trade import TradeBook
from synthetic.firms.truth import TruthWriter
from synthetic.firms.universe import FirmUniverse


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    """Write the firm-level raw files of `scale` with `seed` into `out`; return {study: truth}."""
    started = time.perf_counter()
    u = FirmUniverse(scale, seed)
    book, customs, truth = TradeBook(u), CustomsWriter(u, out), TruthWriter(u, out)
    say(f"{scale}: {u.n:,} firms, {u.products.n} products")
    for fy in u.years():
        trade = book.year(fy)
        c = customs.write_year(fy, trade)
        s = survey.write_year(u, fy, trade["totals"], trade["fx"], out)
        truth.add_year(fy, trade, c, s)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # KiB on Linux
        say(f"{fy.year}: {c['rows']:,} customs rows, {s['rows']:,} survey rows, "
            f"{time.perf_counter() - started:.1f}s, peak RSS so far {peak:,.0f} MiB")
    return truth.finish(u.robot_exposure)
