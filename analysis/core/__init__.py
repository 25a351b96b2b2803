"""Layer 0 of analysis/: formula parsing, the results schema, panel selection helpers.

Nothing here imports another analysis layer (spec → fitting → estimators / reporting →
runner → api build on it)."""
