"""Write a year of customs records as users receive them: `customs/customs_{year}.csv`.

Vintages (docs/data-sources.md, "Firm-level sources"):
  2000-2006, 2012-2015  UTF-8; 出口/进口; Chinese country names; detailed trade modes; 日期 YYYYMM
  2007-2011             GB18030; 0 = export / 1 = import; numeric customs country codes; the
                        coarse 加工贸易 label; HS8 and zip stored as numbers (leading zero lost);
                        日期 YYYY-MM; one line with an undecodable byte per file (as delivered)
Headers: 税号编码 (2000-2004, 2007-2011) or HS编码 (2005-2006, 2012-2015); 2012-2015 also
金额(美元) and 单位, and a different column order; 2000-2001 have no 单位地址.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from synthetic import seeds
from synthetic.firms import geography
from synthetic.firms.industries import PICKS
from synthetic.firms.trade import MODES, TRANSPORT
from synthetic.streams import rng

COLUMNS = ("日期", "进口或出口", "税号编码", "金额", "数量", "计量单位", "企业编码", "经营单位",
           "单位地址", "电话", "邮编", "企业性质", "起运国或目的国", "贸易方式", "运输方式")
GB18030_YEARS = range(2007, 2012)
CHUNK = 250_000                 # records per write: bounds the memory of a year
BROKEN_ROW, BROKEN_COLUMN = 11, "经营单位"


def file_name(year: int) -> str:
    return f"customs_{year}.csv"


def layout(year: int) -> dict:
    old = year in GB18030_YEARS
    header = {c: c for c in COLUMNS}
    if 2005 <= year <= 2006 or year >= 2012:
        header["税号编码"] = "HS编码"
    if year >= 2012:
        header.update({"金额": "金额(美元)", "计量单位": "单位"})
    order = list(COLUMNS)
    if year <= 2001:
        order.remove("单位地址")
    if year >= 2012:
        order = order[6:8] + order[:6] + order[8:]
    return {"encoding": "gb18030" if old else "utf-8", "header": header, "order": order,
            "numeric": old, "flow": ("0", "1") if old else ("出口", "进口"),
            "date_sep": "-" if old else ""}


class CustomsWriter:
    def __init__(self, universe, out: Path):
        self.u, self.out = universe, Path(out) / "customs"
        self.out.mkdir(parents=True, exist_ok=True)
        rows = seeds.seed("customs_countries")
        from synthetic.macro import countries as ctry
        iso3 = ctry.load().iso3.to_numpy()
        primary = {r["iso3"]: r for r in rows if r["is_primary"] == "true"}
        alias = {r["iso3"]: r["country_name_zh"] for r in rows if r["is_primary"] == "false"}
        self.c_name = np.array([primary[i]["country_name_zh"] for i in iso3], dtype=object)
        self.c_code = np.array([primary[i]["customs_code"] for i in iso3], dtype=object)
        self.c_alias = np.array([alias.get(i, primary[i]["country_name_zh"]) for i in iso3],
                                dtype=object)
        self.china = int(np.flatnonzero(iso3 == "CHN")[0])
        self.ftype = {int(r["registration_type"]): r["customs_firm_type"]
                      for r in seeds.seed("asif_registration_types")}
        self.units = pa.array(universe.products.unit)

    def write_year(self, fy, trade: dict) -> dict:
        lay, year = layout(fy.year), fy.year
        rows = trade["rows"]
        order = np.lexsort((rows["firm"], rows["month"]))
        firms = np.unique(rows["firm"])
        strings = self._firm_strings(fy, firms, lay)
        r = rng(self.u.seed, "firms", "customs", year)
        country = self._country_labels(r, lay)
        path = self.out / file_name(year)
        planted = []
        with open(path, "wb") as fh:
            fh.write((",".join(lay["header"][c] for c in lay["order"]) + "\n")
                     .encode(lay["encoding"]))
            for start in range(0, len(order), CHUNK):
                idx = order[start:start + CHUNK]
                table = self._table(fy, rows, idx, firms, strings, country, lay, r)
                buf = io.BytesIO()
                # no field contains a comma, quote or newline: written bare, as exported
                pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=False,
                                                               quoting_style="none"))
                data = buf.getvalue()
                if lay["encoding"] != "utf-8":
                    data = data.decode("utf-8").encode(lay["encoding"])
                    if start == 0 and len(idx) >= BROKEN_ROW:
                        data = self._break_byte(data, lay["order"].index(BROKEN_COLUMN))
                        planted.append({"file": f"customs/{path.name}", "row": BROKEN_ROW,
                                        "column": BROKEN_COLUMN, "what": "undecodable byte 0xFF"})
                fh.write(data)
        return {"rows": len(order), "file": f"customs/{path.name}", "planted": planted,
                "firms": firms, "names": strings["经营单位"].to_numpy(zero_copy_only=False)}

    def _firm_strings(self, fy, firms, lay) -> dict[str, np.ndarray]:
        f, year = self.u.a, fy.year
        loc = self.u.loc
        r = rng(self.u.seed, "firms", "customs_firms", year).random((self.u.n, 3))[firms]
        area = loc["area_code"][firms].astype(str).astype(object)
        local = geography.phone_local(loc, firms, year).astype(str).astype(object)
        if lay["numeric"]:
            phone = np.where(r[:, 0] < 0.6, area + local, area + "-" + local)
        elif year <= 2006:
            phone = np.where(r[:, 0] < 0.7, area + "-" + local,
                             np.where(r[:, 0] < 0.9, local, "(" + area + ")" + local))
        else:
            ext = "-" + (800 + (r[:, 1] * 99).astype(int)).astype(str).astype(object)
            phone = np.select([r[:, 0] < 0.5, r[:, 0] < 0.7, r[:, 0] < 0.85],
                              [area + "-" + local, area + " " + local,
                               "+86-" + np.array([a[1:] for a in area], dtype=object) + "-" + local],
                              area + "-" + local + ext)
        z = loc["zip"][firms]
        if lay["numeric"]:
            z = np.array([s.lstrip("0") for s in z], dtype=object)
        z = np.where(r[:, 2] < 0.03, "", z)
        ftype = np.array([self.ftype.get(int(t), "其他企业")
                          for t in fy.registration_type[firms]], dtype=object)
        out = {"企业编码": f.customs_code[firms], "经营单位": fy.names(firms, "customs"),
               "单位地址": geography.address(loc, firms, with_province=True), "电话": phone,
               "邮编": z, "企业性质": ftype}
        return {k: pa.array(np.asarray(v, dtype=object)) for k, v in out.items()}

    def _country_labels(self, r, lay) -> np.ndarray:
        if lay["numeric"]:
            return self.c_code
        labels = np.where(r.random(len(self.c_name)) < 0.3, self.c_alias, self.c_name)
        labels[self.china] = "中华人民共和国"
        return labels

    def _table(self, fy, rows, idx, firms, strings, country, lay, r) -> pa.Table:
        """One chunk of records as a table of text columns: every column is a `take` from a
        small dictionary (C++), never a Python loop over rows."""
        year = fy.year
        take = lambda table, i: table.take(pa.array(i))  # noqa: E731
        prod, pick = rows["product"][idx], rows["pick"][idx]
        hs8 = self.u.products.hs8_table(year, strip_zero=lay["numeric"])
        dates = pa.array([f"{year}{lay['date_sep']}{m:02d}" for m in range(1, 13)])
        modes = np.array(MODES, dtype=object)
        if lay["numeric"]:
            modes[1:4] = "加工贸易"
        qty = np.maximum(np.rint(rows["quantity"][idx]), 1).astype(np.int64)
        cols = {
            "日期": take(dates, rows["month"][idx].astype(np.int64) - 1),
            "进口或出口": take(pa.array(lay["flow"]), rows["flow"][idx]),
            "税号编码": take(hs8, prod * PICKS + pick % PICKS),
            "金额": pa.array(np.maximum(np.rint(rows["value"][idx]), 1).astype(np.int64)).cast(pa.string()),
            "数量": pa.array(qty, mask=r.random(len(idx)) < 0.01).cast(pa.string()),
            "计量单位": take(self.units, prod),
            "起运国或目的国": take(pa.array(country), rows["partner"][idx]),
            "贸易方式": take(pa.array(modes), rows["mode"][idx]),
            "运输方式": take(pa.array(TRANSPORT), rows["transport"][idx]),
        }
        pos = np.searchsorted(firms, rows["firm"][idx])
        for k, v in strings.items():
            cols[k] = take(v, pos)
        return pa.table({lay["header"][c]: cols[c] for c in lay["order"]})

    @staticmethod
    def _break_byte(data: bytes, field: int) -> bytes:
        """Replace the first byte of `field` on data row BROKEN_ROW with 0xFF (never valid in
        GB18030): the kind of damage a partially corrupted delivery has."""
        lines = data.split(b"\n", BROKEN_ROW)
        cells = lines[BROKEN_ROW - 1].split(b",")
        cells[field] = b"\xff" + cells[field][1:]
        lines[BROKEN_ROW - 1] = b",".join(cells)
        return b"\n".join(lines)
