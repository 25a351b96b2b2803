{{ config(materialized='view') }}
-- Every landed province x industry export row, typed, with the first reason it fails (NULL =
-- valid). Industry codes are GB/T 4754 2-digit manufacturing codes as text (a leading section
-- letter "C" is dropped); units through seed yearbook_units (indicator export_delivery_value).
with raw as (
    select
        {{ clean_text('"地区"') }} as province_raw, {{ clean_text('"年份"') }} as year_raw,
        {{ clean_text('"行业代码"') }} as industry_raw, {{ clean_text('"行业名称"') }} as industry_name,
        {{ clean_text('"出口交货值"') }} as value_raw, {{ clean_text('"单位"') }} as unit_raw,
        {{ printed_key('"地区"') }} as province_key, {{ printed_key('"单位"') }} as unit_key,
        _source_file as source_file, _source_row as source_row,
        {{ file_year_of('_source_file') }} as file_year
    from {{ source('landing', 'province_industry_exports') }}
),

typed as (
    select
        r.*, p.province_code, i.industry_code, u.to_canonical,
        try_cast(r.year_raw as integer) as year,
        {{ is_missing_mark('r.value_raw') }} as is_gap,
        {{ to_double('r.value_raw') }} as value_printed
    from raw r
    left join {{ ref('province_name_variants') }} p on r.province_key = p.printed_name
    left join {{ ref('gbt4754_manufacturing') }} i on i.industry_code = regexp_replace(r.industry_raw, '^[Cc]', '')
    left join {{ ref('yearbook_units') }} u
        on u.indicator_code = 'export_delivery_value' and r.unit_key = u.printed_unit
),

reasoned as (
    select
        *,
        case
            when province_raw is null then 'missing_province'
            when province_code is null or province_code = '000000' then 'unknown_province'
            when year is null then 'year_not_integer'
            when file_year is not null and year <> file_year then 'year_differs_from_file_year'
            when industry_code is null then 'unknown_industry'
            when to_canonical is null then 'unknown_unit'
            when not coalesce(is_gap, false) and value_raw is not null and value_printed is null
                then 'value_not_numeric'
            when value_printed < 0 then 'value_negative'
        end as check_reason
    from typed
)

select
    *,
    value_printed * to_canonical as value_10k_yuan,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by province_code, year, industry_code, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason in ('missing_province', 'unknown_province') then '地区'
        when check_reason in ('year_not_integer', 'year_differs_from_file_year') then '年份'
        when check_reason = 'unknown_industry' then '行业代码'
        when check_reason = 'unknown_unit' then '单位'
        when check_reason in ('value_not_numeric', 'value_negative') then '出口交货值'
        else '地区,年份,行业代码'
    end as reject_column
from reasoned
