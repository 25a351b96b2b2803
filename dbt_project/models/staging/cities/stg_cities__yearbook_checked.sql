{{ config(materialized='view') }}
-- Every landed city-yearbook row (city x year x indicator x scope), typed, with the first reason
-- it fails (NULL = valid). The printed indicator and unit must be a pair of seed
-- city_yearbook_indicators (values are converted to its canonical unit); 范围 全市 = the whole
-- city (counties included, the default when the column is absent), 市辖区 = urban districts.
with raw as (
    select
        {{ clean_text('"行政区划代码"') }} as city_code_raw, {{ clean_text('"地区"') }} as city_name_raw,
        {{ clean_text('"年份"') }} as year_raw, {{ clean_text('"指标"') }} as indicator_raw,
        {{ clean_text('"单位"') }} as unit_raw, {{ clean_text('"数值"') }} as value_raw,
        {{ clean_text('"范围"') }} as scope_raw,
        {{ printed_key('"指标"') }} as indicator_key, {{ printed_key('"单位"') }} as unit_key,
        _source_file as source_file, _source_row as source_row, {{ file_year_of('_source_file') }} as file_year
    from {{ source('landing', 'city_yearbook') }}
),

typed as (
    select r.*, s.indicator_code, s.to_canonical,
        {{ digits_only('r.city_code_raw') }} as city_code,
        try_cast(r.year_raw as integer) as year,
        case coalesce(r.scope_raw, '全市') when '全市' then 'city' when '市辖区' then 'districts' end as scope,
        {{ is_missing_mark('r.value_raw') }} as is_gap,
        {{ to_double('r.value_raw') }} as value_printed
    from raw r
    left join {{ ref('city_yearbook_indicators') }} s
      on r.indicator_key = s.printed_name and r.unit_key = s.printed_unit
),

reasoned as (
    select *,
        case
            when city_code is null or not regexp_full_match(city_code, '[0-9]{6}') then 'city_code_malformed'
            when year is null then 'year_not_integer'
            when file_year is not null and year <> file_year then 'year_differs_from_file_year'
            when indicator_code is null
                 and indicator_key not in (select i.printed_name from {{ ref('city_yearbook_indicators') }} i)
                then 'unknown_indicator'
            when indicator_code is null then 'unknown_unit'
            when scope is null then 'unknown_scope'
            when not coalesce(is_gap, false) and value_raw is not null and value_printed is null
                then 'value_not_numeric'
            when value_printed < 0 and indicator_code <> 'gdp_real_growth' then 'value_negative'
        end as check_reason
    from typed
)

select *,
    case when coalesce(is_gap, false) then null else value_printed * to_canonical end as value,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by city_code, year, indicator_code, scope, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason = 'city_code_malformed' then '行政区划代码'
        when check_reason in ('year_not_integer', 'year_differs_from_file_year') then '年份'
        when check_reason = 'unknown_indicator' then '指标'
        when check_reason = 'unknown_unit' then '单位'
        when check_reason = 'unknown_scope' then '范围'
        when check_reason in ('value_not_numeric', 'value_negative') then '数值'
        else '行政区划代码,年份,指标,范围'
    end as reject_column
from reasoned
