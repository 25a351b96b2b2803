"""Validate a panel with its suite: read it read-only into pandas, run GX, summarise."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# one module per panel, named after it: expectations/panel_<study>.py
SUITES = {p.stem: f"expectations.{p.stem}" for p in sorted(Path(__file__).parent.glob("panel_*.py"))}


@dataclass
class CheckOutcome:
    panel: str
    passed: bool
    n_rows: int
    n_expectations: int
    failures: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        head = f"{self.panel}: {'PASSED' if self.passed else 'FAILED'} " \
               f"({self.n_expectations} expectations, {self.n_rows:,} rows)"
        lines = [f"  - {f['frame']}: {f['expectation']}({f['column'] or ''}) {f['detail']}" for f in self.failures]
        return "\n".join([head, *lines])


def _detail(result) -> str:
    r = result.result or {}
    bits = []
    for key in ("observed_value", "unexpected_count", "unexpected_percent", "partial_unexpected_list"):
        val = r.get(key)
        # `in (None, [])` would compare a numpy observed value with [] (an ambiguous array)
        if val is not None and not (isinstance(val, list) and not val):
            if key == "partial_unexpected_list":
                val = val[:5]
            bits.append(f"{key}={val}")
    return ", ".join(bits) or (str(result.exception_info) if not result.success else "")


def validate_frame(panel: str, df: pd.DataFrame) -> CheckOutcome:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    module = importlib.import_module(SUITES[panel])
    frames = module.prepare(df)
    ctx = gx.get_context(mode="ephemeral")
    # GX draws a progress bar per batch (it ignores TQDM_DISABLE); they flood the logs
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas(f"{panel}_frames")
    failures, n_exp = [], 0
    for name, exps in module.expectations().items():
        batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        suite = ctx.suites.add(gx.ExpectationSuite(name=f"{panel}.{name}"))
        for e in exps:
            suite.add_expectation(e)
        n_exp += len(exps)
        res = batch_def.get_batch(batch_parameters={"dataframe": frames[name]}).validate(suite)
        for r in res.results:
            if not r.success:
                cfg = r.expectation_config
                failures.append({"frame": name, "expectation": cfg.type,
                                 "column": cfg.kwargs.get("column") or cfg.kwargs.get("column_list"),
                                 "detail": _detail(r)})
    return CheckOutcome(panel=panel, passed=not failures, n_rows=len(df), n_expectations=n_exp,
                        failures=failures)


def validate_panel(con, panel: str) -> CheckOutcome:
    """`con`: a read-only DuckDB connection to the warehouse."""
    columns = getattr(importlib.import_module(SUITES[panel]), "COLUMNS", None)
    select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    try:
        df = con.execute(f"select {select} from marts.{panel}").df()
    except Exception as e:  # missing panel: the build has not run
        return CheckOutcome(panel=panel, passed=False, n_rows=0, n_expectations=0,
                            failures=[{"frame": "panel", "expectation": "table_exists",
                                       "column": None, "detail": str(e).splitlines()[0]}])
    return validate_frame(panel, df)
