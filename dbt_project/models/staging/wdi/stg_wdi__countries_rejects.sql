select source_file, source_row, reason,
       case when reason = 'unknown_income_group' then 'Income Group' else 'Country Code' end as reject_column,
       case when reason = 'unknown_income_group' then income_group else country_code end as reject_value,
       country_code
from {{ ref('stg_wdi__countries_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('wdi_countries') }}
