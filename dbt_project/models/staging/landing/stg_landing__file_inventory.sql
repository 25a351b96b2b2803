-- One row per raw file landed: what the parser saw, what landed, what it could not parse.
select
    source, source_file, file_year, n_records, n_landed, n_parse_errors, n_nonblank_lines,
    multiline_records, bytes
from {{ source('landing', 'file_inventory') }}
