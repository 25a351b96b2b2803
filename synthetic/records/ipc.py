"""IPC codes of synthetic patents, and the digital-economy IPC table (dbt seed
`digital_economy_ipc`) with the match rule the warehouse uses.

Match rule (the same as staging): a normalised code `A01B 1/00` is digital when it starts with
the prefix of a table entry at the entry's level -- subclass `G06N` (any code of G06N), main
group `G06F 3/00` -> `G06F 3/` (every subgroup of main group 3, not main group 30), subgroup
`G05B 19/418` (that subgroup and its digit-extended children such as 19/4185, not 19/41).
Codes are drawn from pools validated once against the rule, so a digital invention always
matches and an ordinary one never does, whatever traps (A61B 50/ vs A61B 5/, G06F 30/17 vs
G06F 30/39) its industry's subclasses hold.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from synthetic import seeds

# ordinary (non-digital) subclasses by 2-digit CIC; several hold digital main groups / subgroups
ORDINARY = {
    "06": "E21C E21D B03B", "08": "E21B B03D C22B", "09": "E21B B03D C22B", "10": "B28D C04B",
    "13": "A23K A23L A21D", "14": "A23C A23G", "15": "C12G C12C A23F", "16": "A24B A24C",
    "17": "D01H D03D D06P D06M", "18": "A41D A41H D05B", "19": "A43B C14C", "20": "B27M B27N",
    "21": "A47B A47C", "22": "D21H D21F", "23": "B41F B65D B41M", "24": "A63H B43K A63B",
    "25": "C10G C10L", "26": "C07C C08G C09D C01B", "27": "A61K C07D A61P", "28": "D01F D01D",
    "29": "C08L B29D B60C", "30": "B29C C08J B32B", "31": "C04B C03C E04F",
    "32": "C21D C22C B21B", "33": "C22C C25C B22D", "34": "B21D E05B F16B B23K",
    "35": "F16H B23Q F04B B25J G05B G06F", "36": "A61B A61M B65G F16K",
    "37": "B60R B62D F02M B63B B64C", "39": "H02K H01R F24C H02J H01H H05B",
    "40": "H01M H01F H05K H01R", "41": "G01N G01B G01K G02B G01D", "42": "A44C B44C",
    "43": "B09B B29B", "44": "H02J F22B", "46": "C02F E03B",
}
# main groups drawn for the subclasses that hold the table's traps
TRAP_GROUPS = {"G06F": (30,), "G05B": (19, 23, 11), "A61B": (50, 17, 90), "B25J": (15, 1, 9),
               "H05K": (5, 7), "G02B": (6, 1, 27), "G01D": (5, 11), "B64C": (39, 27), "H05B": (47, 3, 6)}
LOCARNO = {"13": "01", "14": "01", "15": "09", "17": "05", "18": "02", "19": "02", "20": "06",
           "21": "06", "22": "19", "23": "09", "24": "21", "29": "23", "30": "09", "31": "25",
           "34": "08", "35": "15", "36": "24", "37": "12", "39": "13", "40": "14", "41": "10",
           "42": "11"}
POOL = 400


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, str], ...]:
    return seeds.seed("digital_economy_ipc")


def match_prefix(ipc_code: str, level: str) -> str:
    """The prefix a table entry matches codes with (see the module docstring)."""
    if level == "subclass":
        return ipc_code
    if level == "main_group":
        return ipc_code.split("/")[0] + "/"
    return ipc_code


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in table():
        out.setdefault(row["ipc_code"][:4], []).append(match_prefix(row["ipc_code"], row["ipc_level"]))
    return {k: tuple(v) for k, v in out.items()}


def is_digital(code: str) -> bool:
    """Whether a normalised IPC code matches the digital-economy table."""
    return any(code.startswith(p) for p in _prefixes().get(code[:4], ()))


def _subgroup(r: np.random.Generator) -> str:
    k = r.random()
    if k < 0.3:
        return "00"
    if k < 0.8:
        return f"{r.integers(1, 50) * 2:02d}"
    return f"{r.integers(1, 99):02d}{r.integers(1, 10)}"


def _main_group(r: np.random.Generator, subclass: str) -> int:
    groups = TRAP_GROUPS.get(subclass)
    if groups and r.random() < 0.7:
        return int(groups[r.integers(0, len(groups))])
    return int(r.choice([1, 2, 3, 4, 5, 7, 9, 10, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33]))


def ordinary_pool(r: np.random.Generator, cic2: str) -> np.ndarray:
    """POOL distinct non-digital codes of an industry's subclasses."""
    subclasses = ORDINARY.get(cic2, "B65D F16B").split()
    out: set[str] = set()
    while len(out) < POOL:
        s = subclasses[r.integers(0, len(subclasses))]
        code = f"{s} {_main_group(r, s)}/{_subgroup(r)}"
        if not is_digital(code):
            out.add(code)
    return np.array(sorted(out), dtype=object)


def digital_pool(r: np.random.Generator) -> np.ndarray:
    """POOL distinct codes, each matching some table entry (every entry represented)."""
    rows = table()
    out: set[str] = set()
    i = 0
    while len(out) < POOL:
        row = rows[i % len(rows)] if i < 3 * len(rows) else rows[r.integers(0, len(rows))]
        i += 1
        code, level = row["ipc_code"], row["ipc_level"]
        if level == "subclass":
            code = f"{code} {_main_group(r, code)}/{_subgroup(r)}"
        elif level == "main_group":
            code = code.split("/")[0] + "/" + _subgroup(r)
        elif r.random() < 0.4:
            code = code + str(r.integers(1, 10))
        assert is_digital(code), code
        out.add(code)
    return np.array(sorted(out), dtype=object)


def locarno(r: np.random.Generator, cic2: np.ndarray) -> np.ndarray:
    """Locarno classes of design patents ('14-02'): the industry's class, a random subclass."""
    cls = np.array([LOCARNO.get(c, "99") for c in cic2], dtype=object)
    sub = np.char.zfill(r.integers(1, 10, len(cic2)).astype(str), 2).astype(object)
    return cls + "-" + sub
