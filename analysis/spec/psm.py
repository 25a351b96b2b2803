"""The ``psm`` options of a spec (psm_did columns and balance tables), validated once.

psmatch2-style kernel matching; the method itself is in ``analysis.estimators.psm``."""
from __future__ import annotations

from dataclasses import dataclass

KERNEL_ALIASES = {"epanechnikov": "epan", "uniform": "uniform", "biweight": "biweight", "epan": "epan"}
SUPPORT_RULES = ("both", "treated", "none")
# the DID sample: matched rows with kernel weights (aw=_weight), matched rows unweighted
# (if _weight < .), or every row on the common support unweighted (if _support == 1)
REGRESSION_SAMPLES = ("weighted", "matched", "support")
_OPTION_KEYS = {"treatment", "covariates", "kernel", "bandwidth", "common_support", "base_year", "year",
                "unit", "regression"}


@dataclass(frozen=True)
class PSMOptions:
    covariates: tuple[str, ...]
    treatment: str = "treat"
    kernel: str = "epan"
    bandwidth: float = 0.06
    common_support: str = "both"
    base_year: int | None = None        # None: one logit and matching pooled over all rows
    year: str = "year"
    unit: tuple[str, ...] = ("importer", "hs6")   # carries base-year weights to every year
    regression: str = "weighted"        # one of REGRESSION_SAMPLES

    def columns(self) -> list[str]:
        extra = [self.year, *self.unit] if self.base_year is not None else []
        return list(dict.fromkeys([self.treatment, *self.covariates, *extra]))


def parse_options(raw) -> PSMOptions:
    """Validate the ``psm`` options mapping of a spec; ValueError names the field."""
    if not isinstance(raw, dict):
        raise ValueError(f"psm: must be a mapping, got {raw!r}")
    bad = sorted(set(raw) - _OPTION_KEYS)
    if bad:
        raise ValueError(f"psm: unknown option(s) {bad}; allowed {sorted(_OPTION_KEYS)}")
    cov = raw.get("covariates")
    if not (isinstance(cov, list) and cov and all(isinstance(c, str) for c in cov)):
        raise ValueError("psm.covariates: a non-empty list of panel columns is required")
    kernel = KERNEL_ALIASES.get(str(raw.get("kernel", "epan")).lower())
    if kernel is None:
        raise ValueError(f"psm.kernel: one of {sorted(KERNEL_ALIASES)}, got {raw.get('kernel')!r}")
    bw = raw.get("bandwidth", 0.06)
    if not isinstance(bw, (int, float)) or isinstance(bw, bool) or not 0 < bw < 1:
        raise ValueError(f"psm.bandwidth: a number in (0, 1), got {bw!r}")
    cs = raw.get("common_support", "both")
    if cs not in SUPPORT_RULES:
        raise ValueError(f"psm.common_support: one of {list(SUPPORT_RULES)}, got {cs!r}")
    by = raw.get("base_year")
    if by is not None and (not isinstance(by, int) or isinstance(by, bool)):
        raise ValueError(f"psm.base_year: a year or null, got {by!r}")
    reg = raw.get("regression", "weighted")
    if reg not in REGRESSION_SAMPLES:
        raise ValueError(f"psm.regression: one of {list(REGRESSION_SAMPLES)}, got {reg!r}")
    unit = raw.get("unit", ["importer", "hs6"])
    return PSMOptions(covariates=tuple(cov), treatment=str(raw.get("treatment", "treat")), kernel=kernel,
                      bandwidth=float(bw), common_support=cs, base_year=by, year=str(raw.get("year", "year")),
                      unit=tuple(unit), regression=reg)
