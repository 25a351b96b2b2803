-- Penn World Table rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column when 'countrycode' then iso3 when 'year' then year_raw when 'xr' then xr_raw
        else concat_ws(',', iso3, year_raw) end as reject_value
from {{ ref('stg_pwt__country_years_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('pwt') }}
