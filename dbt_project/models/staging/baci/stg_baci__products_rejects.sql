select source_file, source_row, reason, 'code' as reject_column, hs6 as reject_value, description
from {{ ref('stg_baci__products_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('baci_products') }}
