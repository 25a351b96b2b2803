{{ config(materialized='view') }}
-- Every landed yearbook row (province x year x indicator), typed, with the first reason it
-- fails (NULL = valid). Printed names are matched through seeds province_name_variants and
-- yearbook_indicator_aliases; the printed unit must be one seed yearbook_units knows for the
-- indicator. A printed gap (…, —) is valid: the value is NULL and filled downstream.
with raw as (
    select
        {{ clean_text('"地区"') }} as province_raw, {{ clean_text('"年份"') }} as year_raw,
        {{ clean_text('"指标"') }} as indicator_raw, {{ clean_text('"单位"') }} as unit_raw,
        {{ clean_text('"数值"') }} as value_raw, {{ clean_text('"来源"') }} as publication,
        {{ printed_key('"地区"') }} as province_key, {{ printed_key('"指标"') }} as indicator_key,
        {{ printed_key('"单位"') }} as unit_key,
        _source_file as source_file, _source_row as source_row,
        {{ file_year_of('_source_file') }} as file_year
    from {{ source('landing', 'province_yearbook') }}
),

typed as (
    select
        r.*, p.province_code, a.indicator_code, u.to_canonical,
        try_cast(r.year_raw as integer) as year,
        {{ is_missing_mark('r.value_raw') }} as is_gap,
        {{ to_double('r.value_raw') }} as value_printed
    from raw r
    left join {{ ref('province_name_variants') }} p on r.province_key = p.printed_name
    left join {{ ref('yearbook_indicator_aliases') }} a on r.indicator_key = a.printed_name
    left join {{ ref('yearbook_units') }} u on a.indicator_code = u.indicator_code and r.unit_key = u.printed_unit
),

reasoned as (
    select
        *,
        case
            when province_raw is null then 'missing_province'
            when province_code is null then 'unknown_province'
            when year is null then 'year_not_integer'
            when file_year is not null and year <> file_year then 'year_differs_from_file_year'
            when indicator_code is null then 'unknown_indicator'
            when to_canonical is null then 'unknown_unit'
            when not coalesce(is_gap, false) and value_raw is not null and value_printed is null
                then 'value_not_numeric'
            when value_printed < 0 then 'value_negative'
        end as check_reason
    from typed
)

select
    *,
    value_printed * to_canonical as value,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by province_code, year, indicator_code, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason in ('missing_province', 'unknown_province') then '地区'
        when check_reason in ('year_not_integer', 'year_differs_from_file_year') then '年份'
        when check_reason = 'unknown_indicator' then '指标'
        when check_reason = 'unknown_unit' then '单位'
        when check_reason in ('value_not_numeric', 'value_negative') then '数值'
        else '地区,年份,指标'
    end as reject_column
from reasoned
