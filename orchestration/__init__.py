"""Dagster wiring of tradewh (assets, checks, jobs) and the `tradewh` command line."""
