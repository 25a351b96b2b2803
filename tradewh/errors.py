"""Errors that mean "your input or set-up is wrong" (printed as one clear line by the CLI)."""
from .dbt_runner import DbtError
from .landing.csv_files import RawFormatError
from .landing.reference import ExcelReadError, ReferenceFormatError

USER_ERRORS = (RawFormatError, ReferenceFormatError, ExcelReadError, DbtError, FileNotFoundError)
