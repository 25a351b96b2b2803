"""Layer 3 of analysis/: one module per estimator kind, and the explicit list of them.

Each module imports only the layers below (core, spec, fitting) and exposes ``ESTIMATOR``.
A spec column names one of these keys in ``estimator:``; add a kind by writing its module and
adding a line here."""
from __future__ import annotations

from analysis.estimators import bdiff, heckman, index_weights, iv, mediation, ols, psm
from analysis.estimators.base import Estimator

ESTIMATORS: dict[str, Estimator] = {
    "ols": ols.ESTIMATOR,
    "psm_did": psm.ESTIMATOR,
    "mediation": mediation.ESTIMATOR,
    "index_weights": index_weights.ESTIMATOR,
    "iv": iv.ESTIMATOR,
    "heckman": heckman.ESTIMATOR,
    "bdiff": bdiff.ESTIMATOR,
}
