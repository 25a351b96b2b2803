"""What the web and registry writers need to know about every firm of the universe, gathered
in one walk over the years: the name in force in any year, the last year alive, the first
year as a direct exporter, and the yearly adoption shares (for truth.json)."""
from __future__ import annotations

import numpy as np

from synthetic.firms.params import FIRST, LAST


class FirmFacts:
    def __init__(self, universe):
        self.u = u = universe
        f = u.a
        self.n = u.n
        self.first_export = np.zeros(u.n, dtype=int)
        self.last_alive = np.zeros(u.n, dtype=int)
        self.shares: dict[int, dict[str, float]] = {}
        # a rename takes effect only inside the firm's life (entrants may be born renamed)
        self.renamed = (f.rename_year > f.entry_year) & (f.rename_year < f.exit_year) & (f.rename_year > 0)
        self.taken = set(u.firms.name_first) | set(u.firms.name_second)   # outside names avoid these
        self.code_changed = ((f.legal_code_change_year > f.entry_year)
                             & (f.legal_code_change_year < f.exit_year))

    def add_year(self, fy) -> None:
        year = fy.year
        self.last_alive[fy.alive] = year
        new = fy.exporter & (self.first_export == 0)
        self.first_export[new] = year
        producers = fy.alive & (self.u.a.kind == "producer")
        self.shares[year] = {ch: round(float(fy.latent[ch][producers].mean()), 4)
                             for ch in ("pit", "pdo", "icp")}

    def name_in(self, idx: np.ndarray, year: np.ndarray | int) -> np.ndarray:
        """Canonical name of firms `idx` in `year` (the universe's name_first / name_second)."""
        f = self.u.a
        ren = f.rename_year[idx]
        return np.where((ren > 0) & (np.asarray(year) >= ren), f.name_second[idx], f.name_first[idx])

    def legal_code_in(self, idx: np.ndarray, year: np.ndarray | int) -> np.ndarray:
        f = self.u.a
        ch = f.legal_code_change_year[idx]
        return np.where((ch > 0) & (np.asarray(year) >= ch), f.legal_code_second[idx],
                        f.legal_code_first[idx])

    def latest_name(self, idx: np.ndarray) -> np.ndarray:
        return self.name_in(idx, self.last_alive[idx])

    def alive_at_end(self) -> np.ndarray:
        return self.last_alive == LAST

    def ever_alive(self) -> np.ndarray:
        return self.last_alive >= FIRST
