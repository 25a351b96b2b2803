"""Input-output tables of the synthetic universe (paper 001: the For / Back linkages).

    io/io_table_{year}.csv   NBS basic flow table (投入产出基本流量表) of the benchmark years
                             2002, 2007 and 2012, 42 sectors of the 2007 classification
                             (dbt seed io_sectors), 万元, UTF-8:
                             代码,部门名称,01,...,42,TIU,TFU,EX,IM,ERR,TO
                             rows 01..42 (intermediate use by sector, then final use), TII
                             (中间投入合计), VA001..VA004 (劳动者报酬, 生产税净额, 固定资产折旧,
                             营业盈余), TVA (增加值合计), TI (总投入)

Derived from the firm universe (FirmUniverse, static traits only) with this family's own
random streams ("io", ...), so no file of another family changes:
- a manufacturing or mining sector's gross output is the sales of the universe's producers of
  its CIC divisions alive in the year (sales at entry grown at GROWTH a year), in 万元; every
  other sector's output is a fixed multiple of total industrial output drawn once per seed;
- technical coefficients: per using sector a Dirichlet draw around a base pattern (own sector
  heavy, its supply chain, then electricity, transport, trade, finance and business services),
  a small drift per table year, column totals = the mean intermediate_share of the sector's
  firms (0.55 for sectors without firms); flows are RAS-balanced so that every sector's
  intermediate use is a drawn share of its output;
- integer cells; rows and columns add up exactly (TFU and VA004 are the residuals).
The tables are inputs only: nothing is planted on the linkages (truth.json says so).
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from synthetic import seeds
from synthetic.firms import FirmUniverse
from synthetic.streams import rng

YEARS = (2002, 2007, 2012)
CLASSIFICATION = "nbs42_2007"
GROWTH = 0.10                     # nominal growth of a producer's sales a year (output only)
FINAL = ("TIU", "TFU", "EX", "IM", "ERR", "TO")
VALUE_ADDED = (("VA001", "劳动者报酬"), ("VA002", "生产税净额"), ("VA003", "固定资产折旧"),
               ("VA004", "营业盈余"))
# supply chains of the 2007 classification: using sector -> its main supplying sectors
CHAINS = {"06": ("01",), "07": ("01", "12"), "08": ("07", "12"), "09": ("01",), "10": ("09", "12"),
          "11": ("03", "02"), "12": ("11", "03", "05"), "13": ("05", "02"), "14": ("04", "02", "11"),
          "15": ("14",), "16": ("14", "15", "18"), "17": ("14", "15", "16", "12", "18"),
          "18": ("14", "12", "19"), "19": ("12", "18", "14"), "20": ("19", "14", "18"),
          "21": ("12", "14"), "22": ("14",), "23": ("02", "03"), "24": ("02", "11"),
          "26": ("13", "14", "15"), "31": ("01", "06")}
SERVICES_FOR_ALL = ("23", "27", "30", "32", "34")


def sectors() -> tuple[list[str], dict[str, str], dict[str, list[str]]]:
    """Sector codes in order, their names, and the CIC 2002 divisions of each (seed io_sectors)."""
    rows = [r for r in seeds.seed("io_sectors") if r["classification"] == CLASSIFICATION]
    codes = list(dict.fromkeys(r["sector_code"] for r in rows))
    names = {r["sector_code"]: r["sector_name"] for r in rows}
    divisions = {c: [r["cic2"] for r in rows if r["sector_code"] == c and r["cic2"]] for c in codes}
    return codes, names, divisions


def _ras(m: np.ndarray, rows: np.ndarray, cols: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Scale positive matrix m so its row sums are `rows` and column sums `cols` (equal totals)."""
    z = m.copy()
    for _ in range(5000):
        z *= (rows / z.sum(axis=1))[:, None]
        z *= (cols / z.sum(axis=0))[None, :]
        if np.abs(z.sum(axis=1) - rows).max() <= tol * rows.max():
            break
    return z


class Tables:
    def __init__(self, universe: FirmUniverse):
        self.u, seed = universe, universe.seed
        self.codes, self.names, self.divisions = sectors()
        n = len(self.codes)
        pos = {c: i for i, c in enumerate(self.codes)}
        base = np.ones((n, n))
        base[np.arange(n), np.arange(n)] = 8.0
        for user, suppliers in CHAINS.items():
            for s in suppliers:
                base[pos[s], pos[user]] += 4.0
        for s in SERVICES_FOR_ALL:
            base[pos[s], :] += 2.0
        r = rng(seed, "io", "coefficients")
        self.pattern = np.column_stack([r.dirichlet(6.0 * base[:, j]) for j in range(n)])
        f = universe.firms
        producer = (f.kind == "producer").to_numpy()
        div = f.cic2002.str[:2].to_numpy()
        self.share = np.array([
            float(np.mean(f.intermediate_share.to_numpy()[producer & np.isin(div, d)]))
            if (producer & np.isin(div, d)).any() else 0.55
            for d in (self.divisions[c] for c in self.codes)])
        self.other_multiple = r.uniform(0.05, 0.6, n)          # non-industrial output / industry
        self.use_share = r.uniform(0.35, 0.85, n)              # intermediate use / output
        self.export_share = r.uniform(0.0, 0.25, n)
        self.import_share = r.uniform(0.0, 0.15, n)
        self.va_split = r.dirichlet([5.0, 1.5, 1.5, 2.0], n)
        self.producer, self.div = producer, div

    def output(self, year: int) -> np.ndarray:
        """Gross output by sector (万元) in `year`."""
        f = self.u.firms
        alive = self.producer & (f.entry_year.to_numpy() <= year) & (year < f.exit_year.to_numpy())
        sales = np.exp(f.ln_sales0.to_numpy() + GROWTH * (year - f.entry_year.to_numpy()))
        x = np.array([sales[alive & np.isin(self.div, self.divisions[c])].sum() / 10.0
                      for c in self.codes])
        industrial = x.sum()
        no_firms = np.array([not self.divisions[c] for c in self.codes]) | (x <= 0)
        return np.where(no_firms, self.other_multiple * industrial, x)

    def table(self, year: int) -> list[list[str]]:
        r = rng(self.u.seed, "io", "drift", year)
        x = self.output(year)
        a = self.pattern * np.exp(r.normal(0.0, 0.1, self.pattern.shape))
        a /= a.sum(axis=0)
        cols = self.share * x
        rows = self.use_share * x
        rows *= cols.sum() / rows.sum()
        rows = np.minimum(rows, 0.9 * x)
        cols *= rows.sum() / cols.sum()
        z = np.rint(_ras(a * cols[None, :], rows, cols)).astype(np.int64)
        out = np.rint(x).astype(np.int64)
        tiu, tii = z.sum(axis=1), z.sum(axis=0)
        final = out - tiu                                        # TFU + EX - IM + ERR
        ex = np.rint(np.minimum(self.export_share * out, 0.8 * np.maximum(final, 0))).astype(np.int64)
        im = np.rint(self.import_share * out).astype(np.int64)
        err = np.rint(0.01 * out * r.uniform(-1, 1, len(out))).astype(np.int64)
        tfu = final - ex + im - err
        tva = out - tii
        va = np.rint(self.va_split[:, :3].T * tva).astype(np.int64)
        va4 = tva - va.sum(axis=0)
        lines = []
        for i, c in enumerate(self.codes):
            lines.append([c, self.names[c], *map(str, z[i]), str(tiu[i]), str(tfu[i]), str(ex[i]),
                          str(im[i]), str(err[i]), str(out[i])])
        lines.append(["TII", "中间投入合计", *map(str, tii), str(tii.sum()), "", "", "", "", ""])
        for k, (code, name) in enumerate(VALUE_ADDED):
            vals = va[k] if k < 3 else va4
            lines.append([code, name, *map(str, vals), "", "", "", "", "", ""])
        lines.append(["TVA", "增加值合计", *map(str, tva), "", "", "", "", "", ""])
        lines.append(["TI", "总投入", *map(str, out), "", "", "", "", "", ""])
        return lines


def file_name(year: int) -> str:
    return f"io_table_{year}.csv"


def write(scale: str, seed: int, out: Path, say: Callable[[str], None]) -> dict:
    folder = Path(out) / "io"
    folder.mkdir(parents=True, exist_ok=True)
    tables = Tables(FirmUniverse(scale, seed))
    for year in YEARS:
        with open(folder / file_name(year), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["代码", "部门名称", *tables.codes, *FINAL])
            w.writerows(tables.table(year))
    say(f"io: {len(YEARS)} input-output tables ({len(tables.codes)} sectors)")
    return {"robots_dvar": {"io_tables": {
        "years": list(YEARS), "classification": CLASSIFICATION, "unit": "万元 (10k yuan)",
        "note": "inputs of the For/Back linkages (paper 001 Table 7); nothing is planted on them: "
                "Table 7's coefficients have no planted value (DVAR does not depend on them)"}}}
