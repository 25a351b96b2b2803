"""Layer 1 of analysis/: study specs — their types (``types``), the YAML parser (``parse``,
``kinds``) and the options of the PSM method (``psm``). Knows no estimator."""
