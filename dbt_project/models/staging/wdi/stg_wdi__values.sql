-- WDI values of the indicators tradewh uses (var wdi_indicators), long form.
select country_code, indicator_code, year, value, source_file, source_row
from {{ ref('stg_wdi__values_checked') }}
where reason is null
