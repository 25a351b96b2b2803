"""UN Comtrade classification lists (`classificationH1.json`, `classificationBEC.json`)."""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pandas as pd

from .common import ReferenceFormatError

log = logging.getLogger(__name__)

PSEUDO_PARENT = "#"
LEGACY_MARK = "**LEGACY NON-WCO CODE**"


def read_comtrade_classification(path: str | os.PathLike) -> pd.DataFrame:
    """Comtrade JSON ``{"classCode": "H1", "results": [{"id", "text", "parent"}, …]}`` -> code list.

    Columns: code (text as published: '01', '0101', '010121', BEC '1', '41', '521'; includes
    Comtrade's legacy codes such as HS1996 '271011' and '9999AA'), description (the text without
    its leading '<code> - ' and without the legacy marker), parent (null for top-level codes, whose
    published parent is the dropped 'TOTAL'), level (= number of characters of the code = Comtrade's AG level: HS 2/4/6,
    BEC 1/2/3), classification (the file's classCode), is_legacy (text marked
    '**LEGACY NON-WCO CODE**': 20 HS1996 codes, 2710xx splits and 9999AA), source_file.

    Dropped: the pseudo rows whose parent is '#' ('ALL', 'TOTAL' and the aggregate selectors
    'AG1'..'AG6'), 5 rows in each official file; the number is in
    ``DataFrame.attrs['landing']['n_pseudo_rows_dropped']`` (ids in ``pseudo_ids``).
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceFormatError(path, "(json)", f"cannot read as JSON: {exc}") from exc
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list) or not results:
        found = list(doc.keys()) if isinstance(doc, dict) else type(doc).__name__
        raise ReferenceFormatError(path, "(json)", f"expected an object with a non-empty 'results' "
                                                   f"list; found {found}")
    bad = [r for r in results if not (isinstance(r, dict) and {"id", "text", "parent"} <= set(r))]
    if bad:
        raise ReferenceFormatError(path, "(json)", f"expected results[] entries with id/text/parent; "
                                                   f"found {bad[0]!r}")
    pseudo = [str(r["id"]) for r in results if str(r["parent"]) == PSEUDO_PARENT]
    pseudo_set = set(pseudo)
    rows = []
    for r in results:
        code, text, parent = str(r["id"]).strip(), str(r["text"]), str(r["parent"]).strip()
        if code in pseudo_set:
            continue
        prefix = f"{code} - "
        desc = text[len(prefix):] if text.startswith(prefix) else text
        legacy = LEGACY_MARK in desc
        desc = desc.replace(LEGACY_MARK, "").strip()
        rows.append((code, desc, None if parent in pseudo_set else parent, len(code), legacy))
    out = pd.DataFrame(rows, columns=["code", "description", "parent", "level", "is_legacy"])
    if out["code"].duplicated().any():
        dup = out.loc[out["code"].duplicated(), "code"].iloc[0]
        raise ReferenceFormatError(path, "(json)", f"duplicate code {dup!r}")
    orphans = set(out["parent"].dropna()) - set(out["code"])
    if orphans:
        raise ReferenceFormatError(path, "(json)", f"parents not in the list: {sorted(orphans)[:5]}")
    out["level"] = out["level"].astype("int64")
    out["classification"] = str(doc.get("classCode") or "")
    out["source_file"] = path.name
    out = out.sort_values("code", kind="stable").reset_index(drop=True)
    log.info("%s: dropped %d pseudo rows %s", path.name, len(pseudo), pseudo)
    out.attrs["landing"] = {"n_pseudo_rows_dropped": len(pseudo), "pseudo_ids": pseudo}
    return out
