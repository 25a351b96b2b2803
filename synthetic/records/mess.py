"""Planted mess shared by the list-like sources: garbled dates and repeated rows.

Every planted row is reported as {file, row, column, what} (row = 1-based data row of the file
as written), so tests can check that each lands in the right rejects model."""
from __future__ import annotations

import numpy as np
import pandas as pd


def garble(text: str) -> str:
    """A date no parser should accept: its 4th digit (or last, if fewer) becomes the letter O."""
    pos = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not pos:
        return text + "?"
    i = pos[min(3, len(pos) - 1)]
    return text[:i] + "O" + text[i + 1:]


def plant(r, raw: pd.DataFrame, truth: pd.DataFrame, file: str, date_col: str | None,
          bad_rate: float, dup_rate: float, dup_what: str = "duplicate row",
          eligible: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Garble `date_col` in a share of rows and repeat a share of rows right after themselves
    (overlapping crawl pages / re-filed records). `eligible` limits the garbled rows. Returns
    the rows as written, the truth aligned to them (with `planted`), and the planted list."""
    n = len(raw)
    raw, truth = raw.copy(), truth.copy()
    truth["planted"] = ""
    if date_col is not None and n >= 20:
        pool = np.flatnonzero(eligible if eligible is not None else np.ones(n, bool))
        k = min(len(pool), max(1, int(round(bad_rate * n))))
        picked = r.choice(pool, size=k, replace=False)
        dates = raw[date_col].to_numpy(dtype=object).copy()       # one column write, not per cell
        dates[picked] = [garble(str(dates[i])) for i in picked]
        raw[date_col] = dates
        marks = truth.planted.to_numpy(dtype=object).copy()
        marks[picked] = "unparseable date"
        truth["planted"] = marks
    dup = (r.random(n) < dup_rate) & (truth.planted.to_numpy() == "")
    if n >= 20 and not dup.any():
        dup[r.integers(0, n)] = True
    order = np.repeat(np.arange(n), np.where(dup, 2, 1))
    again = np.r_[False, order[1:] == order[:-1]]
    raw = raw.iloc[order].reset_index(drop=True)
    truth = truth.iloc[order].reset_index(drop=True)
    truth.loc[again, "planted"] = dup_what
    rows = np.flatnonzero(truth.planted.to_numpy() != "")
    planted = [{"file": file, "row": int(i) + 1,
                "column": date_col if truth.planted[i] == "unparseable date" else "",
                "what": truth.planted[i]} for i in rows]
    return raw, truth, planted
