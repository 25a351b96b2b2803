"""Shared library code of tradewh: paths, landing (transcoding), numerics.

Nothing here imports Dagster; the CLI, Dagster assets, dbt Python models and the
synthetic generator all use it.
"""
