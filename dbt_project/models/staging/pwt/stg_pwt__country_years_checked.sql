{{ config(materialized='view') }}
-- Every landed Penn World Table row (country x year), typed, with the first reason it fails
-- (NULL = valid). xr may be empty (PWT has no market rate for some country-years: NULL).
with typed as (
    select
        upper({{ clean_text('countrycode') }}) as iso3, {{ clean_text('country') }} as country_name,
        {{ clean_text('currency_unit') }} as currency_unit,
        {{ clean_text('year') }} as year_raw, try_cast(try_cast({{ clean_text('year') }} as double) as integer) as year,
        {{ clean_text('xr') }} as xr_raw, {{ to_double('xr') }} as xr,
        {{ to_double('rgdpe') }} as rgdpe_musd, {{ to_double('pop') }} as pop_millions,
        {{ to_double('pl_gdpo') }} as pl_gdpo,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'pwt') }}
),

reasoned as (
    select *,
        case
            when iso3 is null or not regexp_full_match(iso3, '[A-Z]{3}') then 'countrycode_malformed'
            when year is null then 'year_not_integer'
            when xr_raw is not null and xr is null then 'xr_not_numeric'
            when xr <= 0 then 'xr_not_positive'
        end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by iso3, year, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_country_year'
    end as reason,
    case
        when check_reason = 'countrycode_malformed' then 'countrycode'
        when check_reason = 'year_not_integer' then 'year'
        when check_reason in ('xr_not_numeric', 'xr_not_positive') then 'xr'
        else 'countrycode,year'
    end as reject_column
from reasoned
