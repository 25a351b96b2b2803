"""Identifiers as the sources print them: CNIPA application and publication numbers, unified
social credit codes (GB 32100), business registration numbers (GS 15), ICP filing numbers.

Application numbers (CNIPA): since 2004 12 digits -- year (4), type (1: invention, 2: utility
model, 3: design, 8: PCT invention, 9: PCT utility model), serial (7) -- then '.' and a check
character: sum of the digits weighted 2,3,4,5,6,7,8,9,2,3,4,5, modulo 11, 10 written X.
Before 2004 8 digits -- year (2), type (1), serial (5) -- weighted 2..9.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

TYPE_DIGIT = {"invention": "1", "utility_model": "2", "design": "3"}
KIND = {"invention": "A", "invention_granted": "B", "utility_model": "U", "design": "S"}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _chars(text: np.ndarray, width: int) -> np.ndarray:
    """(n, width) byte codes of fixed-width ASCII strings (vectorised, no per-row Python)."""
    return np.array(text.astype(str), dtype=f"S{width}").view(np.uint8).reshape(-1, width)


def _weighted_mod11(body: np.ndarray, width: int) -> np.ndarray:
    """Check characters of digit strings with weights 2..9 repeating."""
    w = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][:width])
    rem = ((_chars(body, width).astype(int) - 48) * w).sum(axis=1) % 11
    return np.where(rem == 10, "X", rem.astype(str)).astype(object)


def serials(r: np.random.Generator, n: int, width: int) -> np.ndarray:
    """n distinct serials below 10**width (drawn without sorting, so order carries no meaning)."""
    top = 10 ** width
    draws = pd.unique(r.integers(1, top, int(n * 1.2) + 50))
    while len(draws) < n:
        draws = pd.unique(np.concatenate([draws, r.integers(1, top, n)]))
    return draws[:n]


def application_numbers(year: int, type_digit: np.ndarray, serial: np.ndarray) -> np.ndarray:
    """Canonical numbers '201010123456.7' (2004+) or '01123456.X' (before 2004), no 'CN'."""
    if year >= 2004:
        body = (str(year) + type_digit.astype(object)
                + np.char.zfill(serial.astype(str), 7).astype(object))
    else:
        body = (f"{year % 100:02d}" + type_digit.astype(object)
                + np.char.zfill(serial.astype(str), 5).astype(object))
    return body + "." + _weighted_mod11(body, 12 if year >= 2004 else 8)


def check_char(body: str) -> str:
    """Check character of the digits before the dot (used to plant a wrong one)."""
    return str(_weighted_mod11(np.array([body], dtype=object), len(body))[0])


def uscc(admin6: np.ndarray, org_code: np.ndarray) -> np.ndarray:
    """Unified social credit codes: '9' (market regulator) '1' (enterprise) + division + the
    9-character organisation code + check character (mod 31 over USCC_ALPHABET)."""
    body = "91" + admin6.astype(object) + org_code.astype(object)
    value = np.full(256, -1)
    value[np.frombuffer(USCC_ALPHABET.encode(), np.uint8)] = np.arange(31)
    s = (value[_chars(body, 17)] * np.array(USCC_WEIGHTS)).sum(axis=1)
    return body + np.array(list(USCC_ALPHABET), dtype=object)[(31 - s % 31) % 31]


def registration_numbers(admin6: np.ndarray, serial: np.ndarray) -> np.ndarray:
    """15-digit business registration numbers (division, type digit, serial, ISO 7064 MOD 11,10)."""
    body = admin6.astype(object) + "1" + np.char.zfill(serial.astype(str), 7).astype(object)
    p = np.full(len(body), 10)
    for d in (_chars(body, 14).astype(int) - 48).T:
        s = (p + d) % 10
        p = (2 * np.where(s == 0, 10, s)) % 11
    return body + ((11 - p) % 10).astype(str).astype(object)


def icp_numbers(short: np.ndarray, year: np.ndarray, serial: np.ndarray, site: np.ndarray) -> np.ndarray:
    """'浙ICP备05012345号' and, for a firm's later sites, '浙ICP备05012345号-2'."""
    base = (short.astype(object) + "ICP备" + np.char.zfill((year % 100).astype(str), 2).astype(object)
            + np.char.zfill(serial.astype(str), 6).astype(object) + "号")
    return np.where(site > 1, base + "-" + site.astype(str).astype(object), base)


def org_codes(r: np.random.Generator, n: int) -> np.ndarray:
    """Organisation codes (GB 11714: 8 digits + check) of firms outside the universe, drawn
    above the universe's range (10,000,000-79,999,999) so they never coincide with one."""
    body = (serials(r, n, 7) + 80_000_000).astype(str).astype(object)
    w = np.array([3, 7, 9, 10, 5, 8, 4, 2])
    check = 11 - ((_chars(body, 8).astype(int) - 48) * w).sum(axis=1) % 11
    return body + np.where(check == 10, "X", np.where(check == 11, "0", check.astype(str))).astype(object)
