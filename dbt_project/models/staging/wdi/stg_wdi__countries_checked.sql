{{ config(materialized='view') }}
with typed as (
    select
        upper({{ clean_text('"Country Code"') }}) as country_code,
        {{ clean_text('"Table Name"') }} as country_name,
        {{ clean_text('"Region"') }} as region,
        {{ clean_text('"Income Group"') }} as income_group,
        {{ clean_text('"Currency Unit"') }} as currency_unit,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'wdi_countries') }}
)
select
    *,
    case
        when country_code is null then 'missing_country_code'
        when income_group is not null and income_group not in
             ('Low income', 'Lower middle income', 'Upper middle income', 'High income')
            then 'unknown_income_group'
        when row_number() over (partition by country_code, country_code is null
                                order by source_file, source_row) > 1 then 'duplicate_country'
    end as reason
from typed
