{{ config(materialized='view') }}
-- BACI country dictionary rows, typed, with the first reason a row fails (NULL = valid).
with typed as (
    select
        lpad(cast(try_cast({{ clean_text('country_code') }} as integer) as varchar), 3, '0') as country_code,
        {{ clean_text('country_code') }} as country_code_raw,
        {{ clean_text('country_name') }} as country_name,
        upper({{ clean_text('country_iso3') }}) as iso3,
        upper({{ clean_text('country_iso2') }}) as iso2,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'baci_countries') }}
)
select
    *,
    case
        when country_code is null then 'country_code_not_integer'
        when row_number() over (partition by country_code, country_code is null order by source_file, source_row) > 1
            then 'duplicate_country_code'
    end as reason
from typed
