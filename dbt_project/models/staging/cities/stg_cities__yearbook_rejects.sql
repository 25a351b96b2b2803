-- City-yearbook rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '行政区划代码' then city_code_raw when '年份' then year_raw when '指标' then indicator_raw
        when '单位' then unit_raw when '范围' then scope_raw when '数值' then value_raw
        else concat_ws(',', city_code_raw, year_raw, indicator_raw, scope_raw)
    end as reject_value
from {{ ref('stg_cities__yearbook_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('city_yearbook') }}
