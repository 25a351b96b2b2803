"""A year of customs records: direct exports (exports.py), imports set by the firm's DVAR,
trade intermediaries, and the firm totals the survey and the truth files need.

Imports follow the Upward-Wang-Zheng accounting exactly: processing imports are
X^P (1 - DVAR), ordinary imports (D + X^O)(1 - DVAR), so DVAR = 1 - [M^P + X^O M^O/(D + X^O)]/X
for every exporter that imports. A share iota_ht of each ordinary import of product h is bought
through intermediaries (their import records), the same for every firm, so grossing up direct
imports by the intermediaries' share of h recovers M^O. Producers also export through
intermediaries (indirect exports: in the survey's export delivery value, not in customs under
the producer). Re-imports and processing equipment are extra records outside these totals.
"""
from __future__ import annotations

import numpy as np

from synthetic.firms import industries
from synthetic.firms import params as P
from synthetic.firms.exports import ExportBook, monthly
from synthetic.macro import countries as ctry
from synthetic.macro.wdi import CNY_PER_USD
from synthetic.streams import rng

MODES = ("一般贸易", "进料加工贸易", "来料加工装配贸易", "来料加工装配进口的设备", "边境小额贸易",
         "保税区仓储转口货物", "其他")
EQUIPMENT, BORDER, BONDED, OTHER = 3, 4, 5, 6
TRANSPORT = ("水路运输", "航空运输", "公路运输", "铁路运输", "邮件运输", "其他运输")
SUPPLIERS = {"JPN": 8, "KOR": 7, "TWN": 7, "USA": 4, "DEU": 4, "HKG": 2, "MYS": 2, "THA": 1.5,
             "SGP": 1.5, "AUS": 2, "BRA": 1.5, "FRA": 1, "ITA": 1}
DESTINATION_BONUS = {"HKG": 40.0, "KOR": 2.0, "SGP": 4.0, "TWN": 2.0, "NLD": 2.0, "VNM": 3.0}
NEIGHBOURS = ("HKG", "MAC", "VNM", "RUS", "KAZ", "MNG", "MMR", "KGZ", "LAO", "PRK", "NPL")
RAIL = ("RUS", "KAZ", "MNG", "KGZ", "UZB", "BLR", "POL", "DEU")
FIELDS = ("firm", "flow", "product", "partner", "mode", "month", "value", "quantity", "pick",
          "transport")


def cny_per_usd(year: int) -> float:
    """RMB per USD: 8.278 (the 2000-2004 peg), then the WDI series of the macro family."""
    return 8.278 if year < 2005 else CNY_PER_USD[year - 2005]


class TradeBook:
    def __init__(self, universe):
        self.u = universe
        c = ctry.load()
        self.iso3 = c.iso3.to_numpy()
        self.china = int(np.flatnonzero(self.iso3 == ctry.CHINA)[0])
        partners = np.flatnonzero(self.iso3 != ctry.CHINA)
        gdp = c.gdp_2010.to_numpy()
        self.ln_gdp = np.log(gdp)
        # China's exports are concentrated: big markets and the Hong Kong entrepot
        hub = np.array([DESTINATION_BONUS.get(i, 1.0) for i in self.iso3[partners]])
        self.exports = ExportBook(universe, partners, hub * gdp[partners] ** 1.6, self.ln_gdp)
        sup = np.array([SUPPLIERS.get(i, 0.0) for i in self.iso3[partners]])
        w = gdp[partners] ** 0.8
        self.suppliers, self.sw = partners, 0.6 * w / w.sum() + 0.4 * sup / sup.sum()
        r = rng(universe.seed, "firms", "trade", "static")
        m = P.INTERMEDIARY_IMPORT_SHARE                            # Beta(2, 8) for m = 0.2
        self.iota = np.clip(r.beta(2.0, 2.0 * (1 - m) / m, universe.products.n), 0.0, 0.6)
        self.handlers = r.integers(0, max(universe.scale.n_intermediaries, 1),
                                   (universe.products.n, 2))
        self.n_prod = int((universe.a.kind == "producer").sum())
        self.neigh = np.isin(self.iso3, NEIGHBOURS)
        # indirect exports are of the firm's first core product
        self.first_product = self.exports.draw_products(None, np.arange(universe.n), spread=0.0)
        self.rail = np.isin(self.iso3, RAIL)

    def year(self, fy) -> dict:
        r = rng(self.u.seed, "firms", "trade", fy.year)
        fx = cny_per_usd(fy.year)
        v = self.exports.step(fy)
        rows = [self._records(r, 0, v["firm"], v["product"], v["dest"], v["mode"], v["pick"],
                              v["value"], np.exp(v["ln_q"]), fy.latent["flex"][v["firm"]])]
        tot = self._export_totals(fy, v, rows[0], fx, r)
        rows += self._imports(fy, r, tot, fx)
        rows += self._intermediaries(fy, r, tot)
        out = {k: np.concatenate([b[k] for b in rows]) for k in FIELDS}
        out["transport"] = self._transport(r, out)
        return {"rows": out, "totals": tot, "varieties": v, "fx": fx}

    def _records(self, r, flow, firm, product, partner, mode, pick, value, qty, flex=None,
                 p_active=None, conc=None) -> dict:
        row, month, val, q = monthly(r, flex if flex is not None else np.zeros(len(value)),
                                     value, qty, p_active, conc)
        return {"firm": firm[row], "flow": np.full(len(row), flow, np.int8),
                "product": product[row], "partner": partner[row],
                "mode": np.asarray(mode)[row].astype(np.int8), "month": month.astype(np.int8),
                "value": val, "quantity": q, "pick": pick[row], "transport": np.zeros(len(row))}

    def _export_totals(self, fy, v, rec, fx, r) -> dict:
        n, f = self.u.n, self.u.a
        b = lambda w, idx=v["firm"]: np.bincount(idx, weights=w, minlength=n)  # noqa: E731
        x = b(v["value"])
        xo = b(np.where(v["mode"] == 0, v["value"], 0.0))
        share = f.indirect_share
        producer = f.kind == "producer"
        indirect_only = (producer & fy.alive & ~fy.exporter & (share > 0)
                         & (f.export_index > 1.2))
        sales_usd = np.exp(fy.ln_sales) * 1000 / fx
        x_ind = np.where(x > 0, x * share / (1 - share), 0.0) + np.where(
            indirect_only, 0.3 * share * sales_usd, 0.0)
        delivery = (x + x_ind) * fx / 1000 * np.exp(0.03 * r.standard_normal(n))
        sales = np.maximum(np.exp(fy.ln_sales), delivery / 0.97)
        # paper 004's flex on the record values as customs writes them (whole USD, at least 1);
        # population sd, computed around the mean (two passes) for accuracy
        n_rec = np.bincount(rec["firm"], minlength=n)
        written = np.maximum(np.rint(rec["value"]), 1.0)
        mean = np.bincount(rec["firm"], written, n) / np.maximum(n_rec, 1)
        sq = np.bincount(rec["firm"], (written - mean[rec["firm"]]) ** 2, n) / np.maximum(n_rec, 1)
        cv = np.sqrt(sq) / np.where(mean > 0, mean, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            quality = b(v["value"] * v["ln_lambda"]) / x
        return {"x": x, "x_ordinary": xo, "x_processing": x - xo, "x_indirect": x_ind,
                "export_delivery_k_rmb": delivery, "sales_k_rmb": sales,
                "domestic_usd": (sales - delivery) * 1000 / fx, "export_records": n_rec,
                "export_cv": cv, "flex_measured": cv * np.log(np.maximum(n_rec, 1)),
                "ln_quality": quality}

    def _imports(self, fy, r, tot, fx) -> list[dict]:
        n, f = self.u.n, self.u.a
        producer = f.kind == "producer"
        imp = fy.importer & producer
        one = 1 - fy.dvar
        mp = np.where(imp, tot["x_processing"] * one, 0.0)
        ordinary = imp & ((f.processing_share > 0) | f.imports_when_ordinary
                          | ~fy.exporter)
        base = np.where(fy.exporter, tot["domestic_usd"] + tot["x_ordinary"],
                        0.5 * tot["domestic_usd"])
        mo = np.where(ordinary, base * one, 0.0)
        tot.update(m_processing=mp, m_ordinary=mo, dvar_target=fy.dvar)
        ordinary_base = tot["domestic_usd"] + tot["x_ordinary"]
        with np.errstate(divide="ignore", invalid="ignore"):
            allocated = np.where(ordinary_base > 0, tot["x_ordinary"] * mo / ordinary_base, 0.0)
            tot["dvar_uwz"] = np.where(tot["x"] > 0, 1 - (mp + allocated) / tot["x"], np.nan)
        out, routed = [], np.zeros(self.u.products.n)
        iota = self.iota * (1 - P.INTERMEDIARY_DECLINE) ** (fy.year - P.FIRST)
        asm = f.assembly_share
        for total, kind in ((mp, "processing"), (mo, "ordinary")):
            firms = np.flatnonzero(total > 0)
            k = np.clip(np.rint(2 + 2 * np.exp(0.3 * (fy.ln_sales[firms] - 9.7))), 1, 12).astype(int)
            fi = np.repeat(firms, k)
            w = r.gamma(1.0, size=len(fi))
            w /= np.bincount(fi, w, n)[fi]
            prod = self._inputs(r, fi)
            val = total[fi] * w
            if kind == "processing":
                mode = np.where(r.random(len(fi)) < asm[fi], 2, 1)
            else:
                mode = np.zeros(len(fi), int)
                routed += np.bincount(prod, val * iota[prod], self.u.products.n)
                val = val * (1 - iota[prod])
            qty = val / np.exp(self.u.products.c[prod] + 0.3 * r.standard_normal(len(fi)))
            origin = self.suppliers[r.choice(len(self.suppliers), len(fi), p=self.sw)]
            out.append(self._records(r, 1, fi, prod, origin, mode, r.integers(0, 1 << 30, len(fi)),
                                     val, qty, p_active=np.full(len(fi), 0.45),
                                     conc=np.ones(len(fi))))
        tot["routed_imports"] = routed
        out.append(self._extras(fy, r, mp, out[-1]))
        return out

    def _inputs(self, r, fi: np.ndarray) -> np.ndarray:
        own = self.exports.draw_products(r, fi, spread=4.0)
        common = self.u.products.pool(list(industries.INPUT_CHAPTERS))
        other = common[r.integers(0, len(common), len(fi))]
        return np.where(r.random(len(fi)) < 0.5, own, other)

    def _extras(self, fy, r, mp, ordinary_rows) -> dict:
        """Processing equipment (5% of processing importers) and re-imports (0.2% of ordinary
        import records, declared from China): extra records outside the DVAR totals."""
        eq = np.flatnonzero((mp > 0) & (r.random(self.u.n) < 0.05))
        machines = self.u.products.pool(["84"])
        pe = machines[r.integers(0, len(machines), len(eq))]
        re = np.flatnonzero(r.random(len(ordinary_rows["firm"])) < 0.002)
        firm = np.concatenate([eq, ordinary_rows["firm"][re]])
        prod = np.concatenate([pe, ordinary_rows["product"][re]])
        val = np.concatenate([0.03 * mp[eq], 0.1 * ordinary_rows["value"][re]])
        partner = np.concatenate([self.suppliers[r.choice(len(self.suppliers), len(eq), p=self.sw)],
                                  np.full(len(re), self.china)])
        mode = np.concatenate([np.full(len(eq), EQUIPMENT), np.zeros(len(re), int)])
        qty = val / np.exp(self.u.products.c[prod])
        return self._records(r, 1, firm, prod, partner, mode, r.integers(0, 1 << 30, len(firm)),
                             val, qty, p_active=np.full(len(firm), 0.1), conc=np.ones(len(firm)))

    def _intermediaries(self, fy, r, tot) -> list[dict]:
        """Each product's indirect exports and routed imports, spread over its two handlers."""
        prod = self.u.products
        rx = np.bincount(self.first_product, tot["x_indirect"], prod.n)
        out = []
        for flow, total in ((0, rx), (1, tot["routed_imports"])):
            h = np.repeat(np.flatnonzero(total > 0), 6)       # 2 handlers x 3 partners
            if not len(h):
                continue
            w = r.gamma(1.0, size=len(h))
            w /= np.bincount(h, w, prod.n)[h]
            firm = self.n_prod + self.handlers[h, np.arange(len(h)) // 3 % 2]
            if flow == 0:
                partner = self.exports.partners[r.choice(len(self.exports.partners), len(h),
                                                         p=self.exports.pw)]
            else:
                partner = self.suppliers[r.choice(len(self.suppliers), len(h), p=self.sw)]
            x = r.random(len(h))             # routed imports are ordinary; exports partly not
            mode = np.where((x < 0.95) | (flow == 1), 0, np.where(
                self.neigh[partner], BORDER, np.where(x < 0.98, BONDED, OTHER)))
            val = total[h] * w
            qty = val / np.exp(prod.c[h] + 0.2 * r.standard_normal(len(h)))
            out.append(self._records(r, flow, firm, h, partner, mode, r.integers(0, 1 << 30, len(h)),
                                     val, qty, p_active=np.full(len(h), 0.6), conc=np.ones(len(h))))
        return out

    def _transport(self, r, rows) -> np.ndarray:
        n = len(rows["value"])
        x = r.random(n)
        light = np.isin(self.u.products.chapter[rows["product"]], ("85", "90", "91", "71", "30"))
        t = np.where(self.neigh[rows["partner"]] & (x < 0.5), 2,
                     np.where(self.rail[rows["partner"]] & (x < 0.3), 3,
                              np.where(light & (x < 0.45), 1, 0)))
        t = np.where(x > 0.995, 4, np.where(x > 0.99, 5, t))
        return t.astype(np.int8)
