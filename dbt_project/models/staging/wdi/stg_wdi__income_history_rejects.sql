select source_file, source_row, reason, 'Data for calendar year' as reject_column,
       country_code as reject_value, country_name
from {{ ref('stg_wdi__income_history_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('wdi_income_history') }}
