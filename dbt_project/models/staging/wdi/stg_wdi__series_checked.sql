{{ config(materialized='view') }}
-- One row per WDIData.csv row (economy x indicator), with the first reason it fails.
with typed as (
    select
        upper({{ clean_text('"Country Code"') }}) as country_code,
        {{ clean_text('"Country Name"') }} as country_name,
        {{ clean_text('"Indicator Code"') }} as indicator_code,
        {{ clean_text('"Indicator Name"') }} as indicator_name,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'wdi_data') }}
)
select
    *,
    case
        when country_code is null then 'missing_country_code'
        when indicator_code is null then 'missing_indicator_code'
        when row_number() over (partition by country_code, indicator_code,
                                country_code is null or indicator_code is null
                                order by source_file, source_row) > 1 then 'duplicate_series'
    end as reason
from typed
