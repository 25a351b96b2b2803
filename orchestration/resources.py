"""Where the pipeline's files are, as a Dagster resource: every asset reads its locations
from here (shown in the UI's launchpad), never from the process environment."""
from __future__ import annotations

import dagster as dg

from tradewh.settings import Paths, resolve_paths


class WarehousePaths(dg.ConfigurableResource):
    """Raw directory, warehouse file, outputs, landing directory and the optional official
    reference tables (absolute paths)."""
    raw_dir: str
    warehouse: str
    output: str
    landing_dir: str
    reference_dir: str | None = None

    @classmethod
    def from_paths(cls, paths: Paths) -> WarehousePaths:
        return cls(raw_dir=str(paths.raw_dir), warehouse=str(paths.warehouse), output=str(paths.output),
                   landing_dir=str(paths.landing_dir),
                   reference_dir=str(paths.reference_dir) if paths.reference_dir else None)

    def paths(self) -> Paths:
        return resolve_paths(raw_dir=self.raw_dir, warehouse=self.warehouse, output=self.output,
                             reference_dir=self.reference_dir, landing_dir=self.landing_dir)
