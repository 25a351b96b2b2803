"""Parse a study spec (YAML or dict) into ``analysis.spec.types``; every error names the
spec file, table and column.

Column fields override table ``defaults``, which override study ``defaults``. Only the spec's
own structure is checked here; whether an ``estimator`` exists and accepts its ``options`` is
checked by ``analysis.api.load_study`` against the estimator list (a layer above).
Other table kinds (descriptives, balance, figure) and ``truth`` mappings: ``analysis.spec.kinds``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from analysis.core.errors import SpecError
from analysis.core.formulas import parse_formula
from analysis.core.schema import DIAG_PREFIX, DIAGNOSTICS, MODEL_STATS, diag_name
from analysis.spec.kinds import check_sources, parse_kind, parse_truth
from analysis.spec.types import PAREN, TABLE_KINDS, Column, PaperCell, SampleStep, StatRow, Study, Table
from analysis.spec.validate import keys as _keys
from analysis.spec.validate import need as _need

STUDIES_DIR = Path(__file__).resolve().parents[1] / "studies"
VCOV_STRINGS = {"iid", "hetero", "HC1", "HC2", "HC3"}
VCOV_CLUSTER = {"CRV1", "CRV3"}
DEFAULT_KEYS = {"estimator", "vcov", "fixef_rm", "sample", "options"}
_STUDY_KEYS = {"study", "title", "paper", "panel", "sources", "defaults", "labels", "choices",
               "sample_steps", "tables", "dbt_vars", "paren", "planted_effects"}
_TABLE_KEYS = {"id", "kind", "title", "notes", "digits", "defaults", "sample", "rows", "fe_rows",
               "indicator_rows", "stats", "columns", "variables", "statistics", "paper", "options",
               "paren", "paren_digits", "stat_rows"}
_STAT_ROW_KEYS = {"term", "bracket", "digits", "bracket_digits", "stars"}
_COLUMN_KEYS = {"name", "formula", "paper", "truth", "note", "row_terms"} | DEFAULT_KEYS


def load_spec(spec: str | Path | dict) -> Study:
    """Parse a study from a dict, a YAML path, or a study id found in analysis/studies/
    (structure only; ``analysis.api.load_study`` also checks estimators and their options)."""
    if isinstance(spec, dict):
        raw = json.dumps(spec, sort_keys=True, default=str).encode()
        return parse_study(spec, "<dict>", hashlib.sha256(raw).hexdigest())
    path = Path(spec)
    if not path.exists() and (STUDIES_DIR / f"{spec}.yml").exists():
        path = STUDIES_DIR / f"{spec}.yml"
    if not path.exists():
        raise SpecError(f"{spec}: no such spec file or study id")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        raise SpecError(f"{path}: not valid YAML: {e}") from e
    return parse_study(data, str(path), hashlib.sha256(raw).hexdigest())


def list_studies() -> list[str]:
    return sorted(p.stem for p in STUDIES_DIR.glob("*.yml"))


def parse_study(data: Any, where: str, sha256: str = "") -> Study:
    _need(isinstance(data, dict), where, "the spec must be a mapping")
    _keys(data, _STUDY_KEYS, where)
    for k in ("study", "title", "panel", "tables"):
        _need(k in data, where, f"missing field {k!r}")
    defaults = _defaults(data.get("defaults") or {}, where)
    paren = data.get("paren", "se")
    _need(paren in PAREN, where, f"paren: one of {'|'.join(PAREN)} (what regression tables print under a "
          f"coefficient), got {paren!r}")
    tables_raw = data["tables"]
    _need(isinstance(tables_raw, list) and tables_raw, where, "'tables' must be a non-empty list")
    tables = [_table(t, where, defaults, paren) for t in tables_raw]
    ids = [t.id for t in tables]
    dup = {i for i in ids if ids.count(i) > 1}
    _need(not dup, where, f"duplicate table ids {sorted(dup)}")
    check_sources(tables, where)
    steps = []
    for i, s in enumerate(data.get("sample_steps") or []):
        w = f"{where}: sample_steps[{i}]"
        _need(isinstance(s, dict) and "label" in s and "where" in s, w, "needs 'label' and 'where'")
        _keys(s, {"label", "where", "paper"}, w)
        steps.append(SampleStep(str(s["label"]), str(s["where"]), s.get("paper")))
    labels = data.get("labels") or {}
    choices = data.get("choices") or []
    _need(isinstance(labels, dict), where, "'labels' must be a mapping")
    _need(isinstance(choices, list), where, "'choices' must be a list of strings")
    _need(data.get("dbt_vars") is None or isinstance(data["dbt_vars"], str), where,
          "'dbt_vars' must be a prefix string such as apq_")
    _need(data.get("planted_effects") is None or isinstance(data["planted_effects"], str), where,
          "'planted_effects' must name a planted-effects rule (analysis.planted.PLANTED_EFFECTS)")
    sources = data.get("sources") or []
    _need(isinstance(sources, list) and all(isinstance(s, str) for s in sources), where,
          "'sources' must list the raw sources (landing registry names) the study needs")
    return Study(study=str(data["study"]), title=str(data["title"]), paper=str(data.get("paper", "")),
                 panel=str(data["panel"]), tables=tables, labels={str(k): str(v) for k, v in labels.items()},
                 choices=[str(c) for c in choices], sample_steps=steps, defaults=defaults,
                 path=where, sha256=sha256, dbt_vars=data.get("dbt_vars"), sources=list(sources),
                 planted_effects=data.get("planted_effects"))


def _defaults(d: Any, where: str) -> dict[str, Any]:
    _need(isinstance(d, dict), where, "'defaults' must be a mapping")
    _keys(d, DEFAULT_KEYS, f"{where}: defaults")
    return dict(d)


def _table(t: Any, where: str, study_defaults: dict, study_paren: str = "se") -> Table:
    _need(isinstance(t, dict) and "id" in t, where, "every table needs an 'id'")
    w = f"{where}: table {t['id']!r}"
    _keys(t, _TABLE_KEYS, w)
    kind = t.get("kind", "regression")
    _need(kind in TABLE_KINDS, w, f"kind must be one of {'|'.join(TABLE_KINDS)}, got {kind!r}")
    common = dict(id=str(t["id"]), kind=kind, title=str(t.get("title", t["id"])),
                  notes=[str(n) for n in t.get("notes") or []], digits=int(t.get("digits", 3)))
    if kind != "regression":
        for k in ("paren", "paren_digits", "stat_rows"):
            _need(k not in t, w, f"{k}: only regression tables print coefficients and statistic rows")
        return parse_kind(t, w, common)
    cols_raw = t.get("columns")
    _need(isinstance(cols_raw, list) and cols_raw, w, "'columns' must be a non-empty list")
    defaults = {**study_defaults, **_defaults(t.get("defaults") or {}, w)}
    columns = [_column(c, i, w, defaults) for i, c in enumerate(cols_raw)]
    names = [c.name for c in columns]
    _need(len(set(names)) == len(names), w, f"duplicate column names {names}")
    stats = t.get("stats", ["N", "R2"])
    bad = [s for s in stats if s not in MODEL_STATS]
    _need(not bad, w, f"stats: unknown {bad}; allowed {list(MODEL_STATS)}")
    stat_rows = _stat_rows(t.get("stat_rows") or {}, w)
    paren = t.get("paren", study_paren)
    _need(paren in PAREN, w, f"paren: one of {'|'.join(PAREN)}, got {paren!r}")
    paren_digits = t.get("paren_digits")
    _need(paren_digits is None or (isinstance(paren_digits, int) and 0 <= paren_digits <= 10), w,
          "paren_digits: an integer 0-10 (default: the table's digits for se, 2 for t)")
    rows = t.get("rows") or list(dict.fromkeys(
        term for c in columns for term in [*c.paper, *c.truth] if term not in stat_rows))
    for c in columns:
        stray = [r for r in c.row_terms if r not in rows] + \
                [r for r in [*c.paper, *c.truth] if r not in rows and r not in stat_rows]
        _need(not stray, w, f"column {c.name!r}: {stray} are not rows of the table {rows}"
              + (f" nor stat_rows {list(stat_rows)}" if stat_rows else ""))
    fe_rows, ind = t.get("fe_rows") or {}, t.get("indicator_rows") or {}
    _need(isinstance(fe_rows, dict), w, "'fe_rows' must map a row label to an FE term")
    _need(isinstance(ind, dict) and all(isinstance(v, list) for v in ind.values()), w,
          "'indicator_rows' must map a row label to a list of terms")
    return Table(**common, rows=[str(r) for r in rows], fe_rows={str(k): str(v) for k, v in fe_rows.items()},
                 indicator_rows=ind, stats=list(stats), columns=columns, paren=paren, paren_digits=paren_digits,
                 stat_rows=stat_rows)


def _diag_term(term: Any, where: str) -> str:
    _need(isinstance(term, str) and term.startswith(DIAG_PREFIX), where,
          f"{term!r} is not a diagnostic term ({DIAG_PREFIX}<name>[:<part>...])")
    _need(diag_name(term) in DIAGNOSTICS, where,
          f"{term!r}: unknown diagnostic {diag_name(term)!r}; known: {sorted(DIAGNOSTICS)}")
    return term


def _stat_rows(raw: Any, where: str) -> dict[str, StatRow]:
    """stat_rows: {label: diag term} or {label: {term, bracket, digits, bracket_digits, stars}}."""
    w = f"{where}: stat_rows"
    _need(isinstance(raw, dict), w, "must map a row label to a diag: term or to {term: ..., bracket: ...}")
    out = {}
    for label, v in raw.items():
        wl = f"{w}: {label!r}"
        spec = {"term": v} if isinstance(v, str) else v
        _need(isinstance(spec, dict), wl, "a diag: term or a mapping with 'term'")
        _keys(spec, _STAT_ROW_KEYS, wl)
        _need("term" in spec, wl, "needs 'term'")
        term = _diag_term(spec["term"], wl)
        bracket = _diag_term(spec["bracket"], wl) if spec.get("bracket") is not None else None
        for k in ("digits", "bracket_digits"):
            _need(spec.get(k) is None or (isinstance(spec[k], int) and 0 <= spec[k] <= 10), wl,
                  f"{k}: an integer 0-10")
        _need(isinstance(spec.get("stars", True), bool), wl, "stars: true or false")
        out[str(label)] = StatRow(term, bracket, spec.get("digits"), spec.get("bracket_digits", 2),
                                  spec.get("stars", True))
    return out


def _column(c: Any, i: int, where: str, defaults: dict) -> Column:
    _need(isinstance(c, dict), where, f"column #{i + 1} must be a mapping")
    w = f"{where}, column {c.get('name', f'#{i + 1}')!r}"
    _keys(c, _COLUMN_KEYS, w)
    _need("name" in c and "formula" in c, w, "needs 'name' and 'formula'")
    f = {**defaults, **{k: v for k, v in c.items() if k in DEFAULT_KEYS}}
    try:
        parsed = parse_formula(c["formula"])
    except ValueError as e:
        raise SpecError(f"{w}: formula: {e}") from e
    est = f.get("estimator", "ols")
    _need(isinstance(est, str) and est, w, f"estimator: a name, got {est!r}")
    vcov = f.get("vcov", "iid")
    if isinstance(vcov, dict):
        _need(len(vcov) == 1 and next(iter(vcov)) in VCOV_CLUSTER and isinstance(next(iter(vcov.values())), str),
              w, f"vcov: a cluster vcov is {{CRV1: var}} or {{CRV1: 'a+b'}}, got {vcov!r}")
        vcov = {k: v.replace(" ", "") for k, v in vcov.items()}
    else:
        _need(vcov in VCOV_STRINGS, w, f"vcov: {vcov!r} is not one of {sorted(VCOV_STRINGS)} or {{CRV1: var}}")
    fixef_rm = f.get("fixef_rm", "singleton")
    _need(fixef_rm in ("singleton", "none"), w, f"fixef_rm: must be singleton|none, got {fixef_rm!r}")
    sample = f.get("sample")
    _need(sample is None or (isinstance(sample, str) and sample.strip()), w, "sample: must be a SQL WHERE clause")
    opts = f.get("options") or {}
    _need(isinstance(opts, dict), w, "options: must be a mapping")
    paper, paper_stats = {}, {}
    for term, val in (c.get("paper") or {}).items():
        if term in MODEL_STATS:
            _need(isinstance(val, (int, float)), w, f"paper: {term} must be a number")
            paper_stats[term] = float(val)
        else:
            paper[str(term)] = _cell(val, f"{w}: paper: {term}")
    truth, checks, scales, estimands = parse_truth(c.get("truth") or {}, w)
    row_terms = c.get("row_terms") or {}
    _need(isinstance(row_terms, dict) and all(isinstance(v, str) for v in row_terms.values()), w,
          "row_terms: must map a table row to the estimated term it shows, e.g. did: did_placebo_2014")
    return Column(name=str(c["name"]), formula=parsed.formula, parsed=parsed, estimator=est, vcov=vcov,
                  fixef_rm=fixef_rm, sample=sample, options=dict(opts), paper=paper, paper_stats=paper_stats,
                  truth=truth, note=c.get("note"), row_terms={str(k): v for k, v in row_terms.items()},
                  truth_checks=checks, truth_scales=scales, truth_estimands=estimands)


def _cell(val: Any, where: str) -> PaperCell:
    if isinstance(val, (int, float)):
        return PaperCell(float(val))
    ok = isinstance(val, list) and 1 <= len(val) <= 3
    ok = ok and all(v is None or isinstance(v, (int, float)) for v in val[:2])
    ok = ok and (len(val) < 3 or val[2] is None or (isinstance(val[2], str) and set(val[2]) <= {"*"}))
    _need(ok, where, f"expected coef, [coef, se] or [coef, se, '***'], got {val!r}")
    vals = list(val) + [None] * (3 - len(val))
    return PaperCell(*(None if v is None else float(v) for v in vals[:2]), vals[2] or None)
