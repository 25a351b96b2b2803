-- Province x industry export rows that failed typing or validation, and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '地区' then province_raw when '年份' then year_raw when '行业代码' then industry_raw
        when '单位' then unit_raw when '出口交货值' then value_raw
        else concat_ws(',', province_raw, year_raw, industry_raw)
    end as reject_value,
    province_raw, year_raw, industry_raw, unit_raw, value_raw
from {{ ref('stg_provinces__industry_exports_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('province_industry_exports') }}
