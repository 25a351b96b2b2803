select source_file, source_row, reason, reject_column,
       case reject_column
           when 'country' then country when 'year' then year_raw when 'industry_code' then industry_code
           when 'installations' then installations_raw when 'operational_stock' then stock_raw
           else concat_ws('/', country, industry_code, year_raw, installations_raw, stock_raw)
       end as reject_value,
       country, industry_code, year_raw, installations_raw, stock_raw
from {{ ref('stg_ifr__robots_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('ifr_robots') }}
