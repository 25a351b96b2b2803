-- Raw lines the CSV parser rejected (wrong number of fields, bad quoting or encoding).
select source, source_file, line, source_row, column_name, error_type, error_message, raw_line
from {{ source('landing', 'parse_errors') }}
