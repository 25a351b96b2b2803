-- Valid input-output table rows: table year x row code (sector, TII, value-added rows, TI).
select table_year, row_code, row_name, row_kind, source_file, source_row
from {{ ref('stg_io__table_rows_checked') }}
where reason is null
