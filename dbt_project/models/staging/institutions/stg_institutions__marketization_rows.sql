-- Marketisation-index table rows, one per province (GB/T 2260) and file: the province's scores
-- are in stg_institutions__marketization. With several reports, the latest file (by name) wins.
select province_code, province_raw as province_printed, source_file, source_row
from {{ ref('stg_institutions__marketization_rows_checked') }}
where reason is null
