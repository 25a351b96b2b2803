-- Non-numeric WDI cells; the row stays in stg_wdi__series, only the cell is rejected.
select source_file, source_row, reason, cast(year as varchar) as reject_column, value_raw as reject_value,
       country_code, indicator_code
from {{ ref('stg_wdi__values_checked') }}
where reason is not null
