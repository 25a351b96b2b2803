"""Truth files beside truth.json (never read by the pipeline): `truth_records/`

  patents.csv             one row per application written: number (canonical, '201010123456.7'),
                          file and row, type, digital (by the IPC table), granted, applicants'
                          firm_uids and kinds in the written order (';'-separated, '' = outside)
  patent_firm_years.csv   universe firm x application year: latent counts (digital inventions =
                          FirmYear.latent digital_patents), digital inventions granted
  platform_members.csv    every member-list row: platform, file, row, name as written, firm_uid
  websites.csv            every ICP filing: domain, firm_uid, site number, filing date, WHOIS date
  registry_records.csv    every registry row: registry, file, row, key, name as written, firm_uid
  planted_mess.csv        rows planted on purpose (file, row, column, what, key, firm_uids)
and the planted parameters (studies["firm_records"] of truth.json).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from synthetic.records import ipc
from synthetic.records import params as P
from synthetic.records.patents import KINDS, LATENT
from synthetic.records.textio import append_table

FILES = ("patents.csv", "patent_firm_years.csv", "platform_members.csv", "websites.csv",
         "registry_records.csv", "planted_mess.csv")


class RecordsTruth:
    def __init__(self, out: Path):
        self.dir = Path(out) / "truth_records"
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob("*.csv"):
            stale.unlink()
        self.started: set[str] = set()
        self.planted: list[dict] = []
        self.counts: dict[int, dict] = {}
        self.rows: dict[str, dict] = {}

    def _append(self, name: str, df: pd.DataFrame) -> None:
        append_table(self.dir / name, df, first=name not in self.started)
        self.started.add(name)

    def add_patents(self, fy, df: pd.DataFrame, truth: pd.DataFrame, planted: list[dict],
                    files: list[str], n_rows: int) -> None:
        from synthetic.records.patent_files import part_of
        u, year = fy.universe, fy.year
        part = np.arange(len(truth)) // P.PART_ROWS
        t = truth.assign(source_file=np.array(files, dtype=object)[part],
                         source_row=np.arange(len(truth)) % P.PART_ROWS + 1)
        self._append("patents.csv", t)
        by_number = truth.set_index("application_number")
        for p in planted:
            k, row = part_of(p["row"])
            hit = by_number.loc[p["application_number"]]
            self.planted.append({"file": files[k], "row": row, "column": p["column"], "what": p["what"],
                                 "key": p["application_number"], "firm_uids": hit.applicant_firm_uids,
                                 "digital_invention": bool(hit.is_digital and hit.patent_type == "invention")})
        producer = fy.alive & (u.a.kind == "producer")
        counts = pd.DataFrame({LATENT[k]: np.where(producer, fy.latent[LATENT[k]], 0) for k in KINDS})
        granted = (df.kind.to_numpy() == "digital") & df.is_granted.to_numpy()
        g = np.zeros(u.n, int)
        for col in ("firm1", "firm2"):
            f = df[col].to_numpy()[granted]
            np.add.at(g, f[f >= 0], 1)
        counts.insert(0, "firm_uid", u.a.firm_uid)
        counts.insert(0, "year", year)
        counts.insert(3, "digital_granted", g)
        counts = counts[counts.iloc[:, 2:].sum(axis=1) > 0]
        self._append("patent_firm_years.csv", counts)
        self.counts[str(year)] = {                    # JSON keys are text
            "digital_inventions": int(counts.digital_patents.sum()),
            "digital_inventions_granted": int(g.sum()),
            "firms_with_digital_inventions": int((counts.digital_patents > 0).sum()),
            "other_inventions": int(counts.other_invention_patents.sum()),
            "utility_models": int(counts.utility_patents.sum()),
            "designs": int(counts.design_patents.sum()),
            "applications": len(truth), "outside_applications": int((df.firm1 < 0).sum()),
            "joint_universe_applications": int((df.firm2 >= 0).sum()), "rows_written": n_rows}

    def add_list(self, kind: str, file: str, truth: pd.DataFrame, planted: list[dict],
                 key: str) -> None:
        """A member list, website or registry file: truth rows aligned to the written rows."""
        t = truth.assign(source_file=file, source_row=np.arange(1, len(truth) + 1))
        name = {"platform": "platform_members.csv", "website": "websites.csv",
                "registry": "registry_records.csv"}[kind]
        t.insert(0, "list", file.split("/")[1].rsplit("_", 1)[0])
        self._append(name, t)
        for p in planted:
            hit = truth.iloc[p["row"] - 1]
            self.planted.append({**p, "key": hit[key], "firm_uids": hit.firm_uid, "digital_invention": False})
        self.rows[file] = {"rows": len(truth), "universe_rows": int((truth.firm_uid != "").sum())}

    def add_planted(self, items: list[dict]) -> None:
        self.planted += items

    def finish(self, facts) -> dict:
        append_table(self.dir / "planted_mess.csv", pd.DataFrame(self.planted, columns=[
            "file", "row", "column", "what", "key", "firm_uids", "digital_invention"]), first=True)
        for name in FILES:                     # every truth file exists, even when empty
            if not (self.dir / name).exists():
                (self.dir / name).write_text("")
        return {"firm_records": study_truths(self.counts, facts, self.rows)}


def study_truths(counts: dict, facts, rows: dict) -> dict:
    a = facts.u.a
    producers = a.kind == "producer"
    return {
        "truth_dir": "truth_records", "files": rows,
        "digital_patents_quality": {
            "digital_ipc_table": "seed digital_economy_ipc: hand-made demo transcription after CNIPA "
                                 f"2023 ({len(ipc.table())} IPC entries), not the official table",
            "digital_ipc_rule": "a patent is digital when any of its IPC codes (all codes, not only "
                                "the main one) normalised to 'A01B 1/00' starts with a table entry's "
                                "prefix at the entry's level: subclass 'G06N'; main group 'G06F 3/00' "
                                "-> 'G06F 3/'; subgroup 'G05B 19/418' (and its digit-extended children)",
            "count_rule": "digital invention applications (type digit 1 or 8) by application year, "
                          "full count to each applicant: equals the universe's latent digital_patents",
            "counts_by_year": counts,
            "co_applicants": {"joint_universe_share": P.JOINT_UNIVERSE_SHARE,
                              "university_share": P.UNIVERSITY_SHARE, "individual_share":
                              P.INDIVIDUAL_SHARE, "outside_firm_share": P.OUTSIDE_FIRM_SHARE,
                              "outside_patent_share": P.OUTSIDE_PATENT_SHARE},
            "ipc": {"digital_main_share": P.DIGITAL_MAIN_SHARE,
                    "utility_digital_share": P.UTILITY_DIGITAL_SHARE},
            "grants": {"grant_share": {str(y): v for y, v in P.GRANT_SHARE.items()},
                       "pending_share": {str(y): v for y, v in P.PENDING_SHARE.items()},
                       "lapse_share": P.LAPSE_SHARE, "export_date": P.PATENT_EXPORT_DATE}},
        "trade_digitization_quality": {
            "adoption_share_by_year": {str(y): v for y, v in facts.shares.items()},
            "adopters": {ch: int((getattr(a, f"{ch}_year") > 0).sum()) for ch in ("pit", "pdo", "icp")},
            "producers": int(producers.sum()),
            "pit_rule": "pit_year = the earlier member-since year of alibaba.com and made-in-china.com",
            "pdo_rule": f"pdo_year = crawl year ({P.CRAWL_YEAR}) - N + 1 for 诚信通 '第N年'",
            "icp_rule": "icp_year = year of min(first ICP filing date, WHOIS creation date of the "
                        "filed domains); ICP filings exist from " f"{P.ICP_REGIME_START}",
            "platform_split": {"both": P.PIT_BOTH_SHARE, "alibaba_only": P.PIT_ALIBABA_SHARE,
                               "made_in_china_only": round(1 - P.PIT_BOTH_SHARE - P.PIT_ALIBABA_SHARE, 4)},
            "websites": {"second_site_share": P.SECOND_SITE_SHARE,
                         "reregistered_share": P.REREGISTERED_SHARE,
                         "whois_missing_share": P.WHOIS_MISSING_SHARE,
                         "late_filer_share": P.LATE_FILER_SHARE},
            "registries": {"producer_as_wholesale": P.PRODUCER_AS_WHOLESALE,
                           "intermediary_industry": P.INTERMEDIARY_INDUSTRY,
                           "no_english_name_rate": P.NO_ENGLISH_NAME_RATE},
            "outside_share": {"members": P.OUTSIDE_MEMBER_SHARE, "registries": P.OUTSIDE_REGISTRY_SHARE}},
    }
