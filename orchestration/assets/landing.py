"""Raw files (external assets) and the landing step that turns them into Parquet."""

import dagster as dg

from tradewh.landing.raw_sources import RAW_SOURCES

from ..pipeline import land
from ..resources import WarehousePaths

RAW_SPECS = [
    dg.AssetSpec(["raw", s.name], group_name="raw", kinds={"file"},
                 description=f"{s.description} — raw files `{' | '.join(s.patterns)}` in TRADEWH_RAW_DIR")
    for s in RAW_SOURCES
] + [dg.AssetSpec(["raw", "reference_dir"], group_name="raw", kinds={"file"},
                  description="Official UN / Broda-Weinstein reference tables in TRADEWH_REFERENCE_DIR (optional)")]

LANDED_SPECS = [
    dg.AssetSpec(["landing", s.name], deps=[["raw", s.name]], group_name="landing", kinds={"parquet"},
                 description=f"{s.name} landed as Parquet: text columns + _source_file, _source_row")
    for s in RAW_SOURCES
] + [
    dg.AssetSpec(["landing", "file_inventory"], deps=[["raw", s.name] for s in RAW_SOURCES],
                 group_name="landing", kinds={"parquet"},
                 description="Per raw file: records, landed rows, parse errors (and the parse errors)"),
    dg.AssetSpec(["landing", "reference_tables"], deps=[["raw", "reference_dir"]], group_name="landing",
                 kinds={"parquet"},
                 description="Official concordances transcoded (empty without a reference directory)"),
]


@dg.multi_asset(specs=LANDED_SPECS, name="landing")
def landing(context: dg.AssetExecutionContext, paths: WarehousePaths):
    """Check and land every raw file (unchanged files are skipped)."""
    inventory = land(paths.paths(), progress=context.log.info)
    by_source = inventory.groupby("source")[["n_records", "n_landed", "n_parse_errors"]].sum()
    for spec in LANDED_SPECS:
        name = spec.key.path[-1]
        meta = {}
        if name in by_source.index:
            meta = {k: int(v) for k, v in by_source.loc[name].items()}
        elif name == "file_inventory":
            meta = {"files": len(inventory), "parse_errors": int(inventory["n_parse_errors"].sum())}
        yield dg.MaterializeResult(asset_key=spec.key, metadata=meta)
