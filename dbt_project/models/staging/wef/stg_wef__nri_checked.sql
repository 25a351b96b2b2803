{{ config(materialized='view') }}
-- The edition-year cells of the valid Networked Readiness Index rows (attribute Value), long,
-- with the first reason a cell fails; empty cells (economy not covered) are dropped.
with cells_wide as (
    select s.iso3, s.source_file, s.source_row, r.* exclude ("Country ISO3", _source_file, _source_row)  -- noqa: RF02
    from {{ ref('stg_wef__nri_rows') }} s
    join {{ source('landing', 'wef_nri') }} r on s.source_file = r._source_file and s.source_row = r._source_row
    where s.indicator = 'Networked Readiness Index' and s.attribute = 'Value'
),

cells as (
    select * from (unpivot (select *, iso3 as iso3_copy from cells_wide)
                   on columns('^[0-9]{4}$|^iso3_copy$') into name year_txt value value_txt)
    where year_txt <> 'iso3_copy'
)

select iso3, cast(year_txt as integer) as edition_year, {{ clean_text('value_txt') }} as value_raw,
       {{ to_double('value_txt') }} as nri, source_file, source_row,
       case when {{ is_bad_number('value_txt') }} then 'value_not_numeric'
            when {{ to_double('value_txt') }} not between 1 and 7 then 'value_outside_1_7' end as reason
from cells
where {{ clean_text('value_txt') }} is not null
