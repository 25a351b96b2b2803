"""Great Expectations suites for the estimation panels, as code (one module per panel).

GX 1.x cannot validate DuckDB tables through SQL (upstream bug), so the runner reads the
panel into pandas (read-only connection) and validates the frame. A failing suite blocks
estimation: the Dagster checks are blocking and `tradewh estimate` refuses to run.
"""
from .runner import SUITES, CheckOutcome, validate_panel  # noqa: F401
