select source_file, source_row, reason, 'country_code' as reject_column, country_code_raw as reject_value,
       country_name, iso3
from {{ ref('stg_baci__countries_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('baci_countries') }}
