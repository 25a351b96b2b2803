{{ config(materialized='view') }}
-- OGHIST rows below the 'Data for calendar year' header: economies (ISO3 in the first column)
-- and the threshold rows of the title block, which are not data and are rejected as such.
with typed as (
    select
        upper({{ clean_text('"Data for calendar year"') }}) as country_code,
        {{ clean_text('column_2') }} as country_name,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'wdi_income_history') }}
)
select
    *,
    case
        when country_code is null or not regexp_full_match(country_code, '[A-Z]{3}') then 'not_an_economy_row'
        when row_number() over (partition by country_code, regexp_full_match(coalesce(country_code, ''), '[A-Z]{3}')
                                order by source_file, source_row) > 1 then 'duplicate_economy'
    end as reason
from typed
