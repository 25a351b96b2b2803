-- Marketisation-index rows that failed (missing or unknown province, national total, a
-- province printed twice), and lines the parser could not read.
select source_file, source_row, reason, reject_column, province_raw as reject_value
from {{ ref('stg_institutions__marketization_rows_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('marketization_index') }}
