"""Layer 3 of analysis/ (beside the estimators, never importing them): tables laid out as grids
and written as Markdown/LaTeX/HTML, figures rendered from stored numbers, the comparison with
the paper's and the planted values, and the replication report."""
