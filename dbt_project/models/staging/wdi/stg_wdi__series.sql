-- WDI series present in the bulk file: one row per economy x indicator.
select country_code, country_name, indicator_code, indicator_name, source_file, source_row
from {{ ref('stg_wdi__series_checked') }}
where reason is null
