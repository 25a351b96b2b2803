-- Yearbook rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '地区' then province_raw when '年份' then year_raw when '指标' then indicator_raw
        when '单位' then unit_raw when '数值' then value_raw
        else concat_ws(',', province_raw, year_raw, indicator_raw)
    end as reject_value,
    province_raw, year_raw, indicator_raw, unit_raw, value_raw
from {{ ref('stg_provinces__yearbook_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('province_yearbook') }}
