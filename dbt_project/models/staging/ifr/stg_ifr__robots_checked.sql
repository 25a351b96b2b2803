{{ config(materialized='view') }}
-- IFR rows (country x IFR industry x year), typed, with the first failing reason.
with typed as (
    select
        upper({{ clean_text('country') }}) as country,
        {{ clean_text('industry_code') }} as industry_code,
        {{ clean_text('year') }} as year_raw,
        {{ clean_text('installations') }} as installations_raw,
        {{ clean_text('operational_stock') }} as stock_raw,
        try_cast({{ clean_text('year') }} as integer) as year,
        {{ to_double('installations') }} as installations,
        {{ to_double('operational_stock') }} as operational_stock,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'ifr_robots') }}
),
reasoned as (
    select t.*,
        case
            when t.country is null then 'missing_country'
            when t.year is null then 'year_not_integer'
            when i.ifr_code is null then 'unknown_industry_code'
            when {{ is_bad_number('t.installations_raw') }} then 'installations_not_numeric'
            when {{ is_bad_number('t.stock_raw') }} then 'stock_not_numeric'
            when t.installations < 0 or t.operational_stock < 0 then 'negative_count'
        end as check_reason
    from typed t
    left join {{ ref('ifr_industries') }} i on t.industry_code = i.ifr_code
)
select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by country, industry_code, year, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case check_reason
        when 'missing_country' then 'country' when 'year_not_integer' then 'year'
        when 'unknown_industry_code' then 'industry_code'
        when 'installations_not_numeric' then 'installations' when 'stock_not_numeric' then 'operational_stock'
        when 'negative_count' then 'installations,operational_stock'
        else 'country,industry_code,year'
    end as reject_column
from reasoned
