"""Layer 2 of analysis/: fitting models with absorbed fixed effects (pyfixest), tidy results."""
