select source_file, source_row, reason,
       case when reason = 'missing_indicator_code' then 'Indicator Code' else 'Country Code' end as reject_column,
       coalesce(country_code, '') || '/' || coalesce(indicator_code, '') as reject_value,
       country_code, indicator_code
from {{ ref('stg_wdi__series_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('wdi_data') }}
