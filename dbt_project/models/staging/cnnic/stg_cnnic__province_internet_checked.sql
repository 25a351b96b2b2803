{{ config(materialized='view') }}
-- Every landed row of CNNIC's provincial internet table, typed, with the first reason it
-- fails (NULL = valid). The penetration rate is printed as a plain number under 普及率(%)
-- (reports of 2002-2005) or with a percent sign under 互联网普及率 (`45.3%`); both become a
-- percentage 0-100. Provinces through seed province_name_variants; the national row 全国 is
-- kept with code 000000.
with raw as (
    select
        {{ clean_text('"省份"') }} as province_raw, {{ printed_key('"省份"') }} as province_key,
        {{ clean_text('"网民数（万人）"') }} as users_raw, {{ clean_text('"互联网普及率"') }} as rate_raw,
        {{ clean_text('"增速"') }} as growth_raw,
        _source_file as source_file, _source_row as source_row,
        {{ file_year_of('_source_file') }} as year
    from {{ source('landing', 'cnnic_province_internet') }}
),

typed as (
    select
        r.*, p.province_code,
        {{ to_double('r.users_raw') }} as internet_users_10k,
        try_cast(replace(replace(r.rate_raw, '%', ''), '％', '') as double) as internet_rate_pct
    from raw r
    left join {{ ref('province_name_variants') }} p on r.province_key = p.printed_name
),

reasoned as (
    select
        *,
        case
            when province_raw is null then 'missing_province'
            when province_code is null then 'unknown_province'
            when year is null then 'year_not_in_file_name'
            when rate_raw is null then 'rate_missing'
            when internet_rate_pct is null then 'rate_not_numeric'
            when internet_rate_pct < 0 or internet_rate_pct > 100 then 'rate_out_of_range'
            when users_raw is not null and internet_users_10k is null then 'users_not_numeric'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by province_code, year, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason in ('missing_province', 'unknown_province') then '省份'
        when check_reason = 'year_not_in_file_name' then '(file name)'
        when check_reason in ('rate_missing', 'rate_not_numeric', 'rate_out_of_range') then '互联网普及率'
        when check_reason = 'users_not_numeric' then '网民数（万人）'
        else '省份'
    end as reject_column
from reasoned
