"""Collect printed yearbook rows (long table) and return what the pipeline will read back."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from synthetic.provinces.economy import YEARS
from synthetic.provinces.geography import EXCLUDED, NATIONAL, PROVINCES, printed_name
from synthetic.provinces.printing import DISCONTINUED, MISSING_MARK, PRINTED, SCATTERED_GAPS, fmt
from synthetic.streams import rng

HEADER = ["地区", "年份", "指标", "单位", "数值", "来源"]
TIBET_GAP_SHARE = 0.25      # the excluded province is patchy, as in the real yearbooks


class Yearbook:
    def __init__(self, seed: int):
        self.seed = seed
        self.rows: dict[int, list[list[str]]] = {int(y): [] for y in YEARS}

    def _gaps(self, code: str) -> np.ndarray:
        """True where the cell is not published (discontinued series, scattered gaps)."""
        r = rng(self.seed, "provinces", "gaps", code)
        gap = r.random((len(PROVINCES), len(YEARS))) < SCATTERED_GAPS.get(code, 0.0)
        tibet = [i for i, p in enumerate(PROVINCES) if p.code in EXCLUDED]
        if PRINTED[code].source != "中国统计年鉴" or code in SCATTERED_GAPS:
            gap[tibet] |= r.random((len(tibet), len(YEARS))) < TIBET_GAP_SHARE
        return gap

    def add(self, code: str, values: np.ndarray, gaps: bool = True) -> np.ndarray:
        """Print province x year `values` (canonical unit); return the values as printed,
        converted back to the canonical unit (NaN where not published)."""
        spec = PRINTED[code]
        gap = self._gaps(code) if gaps else np.zeros(values.shape, bool)
        view = np.full(values.shape, np.nan)
        for j, year in enumerate(int(y) for y in YEARS):
            if year >= DISCONTINUED.get(code, 9999):
                continue
            unit, per_canonical = spec.unit(year)
            for i, p in enumerate(PROVINCES):
                text = MISSING_MARK if gap[i, j] else fmt(values[i, j] * per_canonical, spec.decimals(year))
                self.rows[year].append([printed_name(p, year), str(year), spec.name(year), unit, text,
                                        spec.source])
                if not gap[i, j]:
                    view[i, j] = float(text) * (1.0 / per_canonical)
        return view

    def add_national(self, code: str, values: np.ndarray) -> np.ndarray:
        spec = PRINTED[code]
        view = np.empty(len(YEARS))
        for j, year in enumerate(int(y) for y in YEARS):
            unit, per_canonical = spec.unit(year)
            text = fmt(values[j] * per_canonical, spec.decimals(year))
            self.rows[year].insert(0, [NATIONAL, str(year), spec.name(year), unit, text, spec.source])
            view[j] = float(text) * (1.0 / per_canonical)
        return view

    def write(self, folder: Path) -> int:
        folder.mkdir(parents=True, exist_ok=True)
        n = 0
        for year, rows in self.rows.items():
            with open(folder / f"yearbook_{year}.csv", "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(HEADER)
                w.writerows(rows)
            n += len(rows)
        return n
