"""Landing step: transcode files DuckDB cannot read offline (Excel, Stata, odd CSV/JSON) to Parquet.

Public API (see tradewh.landing.reference for the output layout)::

    land_reference_dir(reference_dir, landing_dir) -> {"written", "skipped", "coverage"}
    read_un_hs_conversion(path), read_un_hs_bec(path), read_un_hs_sitc2(path),
    read_bw_sigmas(path), read_comtrade_classification(path)
    excel_to_parquet(xlsx_or_xls_path, parquet_path, sheet=0) -> rows
    ReferenceFormatError, ExcelReadError, LandingError
"""
from .reference import (
                        ExcelReadError,
                        LandingError,
                        ReferenceFormatError,
                        excel_to_parquet,
                        land_reference_dir,
                        read_bw_sigmas,
                        read_comtrade_classification,
                        read_un_hs_bec,
                        read_un_hs_conversion,
                        read_un_hs_sitc2,
)

__all__ = ["land_reference_dir", "read_un_hs_conversion", "read_un_hs_bec", "read_un_hs_sitc2",
           "read_bw_sigmas", "read_comtrade_classification", "excel_to_parquet",
           "ReferenceFormatError", "ExcelReadError", "LandingError"]
