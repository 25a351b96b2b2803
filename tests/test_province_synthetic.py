"""The synthetic provincial yearbooks: determinism, the raw-file contract of the docs, the
seeds' coverage of every printed name and unit, and the planted truth (a few seconds)."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "dbt_project" / "seeds"
DOCS = (ROOT / "docs" / "data-sources.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def universes(tmp_path_factory):
    base = tmp_path_factory.mktemp("prov_synth")
    truths = {name: generate("tiny", seed, base / name, families=["provinces"])
              for name, seed in (("a", 42), ("b", 42), ("c", 5))}
    return base, truths


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*.csv"))}


def _seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


def test_same_seed_same_bytes_other_seed_other_data(universes):
    base, truths = universes
    a, b, c = (_hashes(base / n) for n in "abc")
    assert len(a) == 26 and a == b and truths["a"] == truths["b"]
    assert a.keys() == c.keys() and all(a[k] != c[k] for k in a)


def test_files_follow_the_documented_layout(universes):
    raw = universes[0] / "a" / "provinces"
    for year in range(2010, 2023):
        yb = next(csv.reader(open(raw / f"yearbook_{year}.csv", encoding="utf-8")))
        ex = next(csv.reader(open(raw / f"industry_exports_{year}.csv", encoding="utf-8")))
        assert yb == ["地区", "年份", "指标", "单位", "数值", "来源"]
        assert ex == ["地区", "年份", "行业代码", "行业名称", "出口交货值", "单位"]
    for col in ["地区", "年份", "指标", "单位", "数值", "来源", "行业代码", "出口交货值",
                "provinces/yearbook_{year}.csv"]:
        assert f"`{col}" in DOCS, col


def test_every_printed_name_and_unit_is_in_the_seeds(universes):
    raw = universes[0] / "a" / "provinces"
    yb = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(raw.glob("yearbook_*.csv"))])
    key = lambda s: s.str.replace(r"[\s\u3000]+", "", regex=True).str.replace("（", "(").str.replace(  # noqa: E731
        "）", ")").str.replace("：", ":")
    variants = set(_seed("province_name_variants").printed_name)
    aliases = _seed("yearbook_indicator_aliases").set_index("printed_name").indicator_code
    units = set(map(tuple, _seed("yearbook_units")[["indicator_code", "printed_unit"]].to_numpy()))
    assert set(key(yb["地区"])) <= variants
    assert set(key(yb["指标"])) <= set(aliases.index)
    assert set(zip(aliases[key(yb["指标"])].to_numpy(), yb["单位"])) <= units
    assert "北\u3000京" in set(yb["地区"]) and {"内蒙古", "内蒙古自治区"} <= set(yb["地区"])
    assert (yb["数值"] == "…").sum() > 0                                   # printed gaps
    ex = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                    for p in sorted(raw.glob("industry_exports_*.csv"))])
    assert set(ex["行业代码"]) == set(_seed("gbt4754_manufacturing").industry_code)


def test_truth_records_the_planted_economy(universes):
    base, truths = universes
    t = json.loads((base / "a" / "truth.json").read_text())["studies"]["province_digital_tsi"]
    assert t == truths["a"]["studies"]["province_digital_tsi"]
    assert t["excluded_provinces"] == ["540000"] and len(t["high_dig_provinces"]) == 10
    assert t["max_abs_ln_tsi_target_miss"]["solver"] < 1e-9          # the export mix hits every target
    assert abs(sum(t["entropy_weights_pipeline_view"].values()) - 1) < 1e-9
    e = t["estimands"]
    for m, a in t["a_dig_to_mediator"].items():
        assert e["table4_effects"][m.capitalize()]["a"] == pytest.approx(a, abs=0.01)
    for region, name in (("east", "(1) East"), ("central", "(2) Central"), ("west", "(3) West")):
        assert e["table5"][name]["dig"] == pytest.approx(t["total_by_region_structural"][region], abs=0.05)
