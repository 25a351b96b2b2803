{{ config(materialized='view') }}
-- The used indicators' year cells in long form (economy, indicator, year, value).
with series as (
    select s.country_code, s.indicator_code, s.source_file, s.source_row, r.* exclude (
        r."Country Name", r."Country Code", r."Indicator Code", r._source_file, r._source_row)
    from {{ ref('stg_wdi__series') }} s
    join {{ source('landing', 'wdi_data') }} r
      on s.source_file = r._source_file and s.source_row = r._source_row
    where s.indicator_code in ({{ "'" ~ var('wdi_indicators') | join("', '") ~ "'" }})
),
cells as (
    -- "Indicator Name" keeps the unpivot list non-empty when the file has no year columns
    select * from (unpivot series on columns('^[0-9]{4}$|^Indicator Name$') into name year_txt value value_txt)
    where year_txt <> 'Indicator Name'
)
select
    country_code, indicator_code, cast(year_txt as integer) as year,
    {{ clean_text('value_txt') }} as value_raw,
    {{ to_double('value_txt') }} as value,
    source_file, source_row,
    case when {{ is_bad_number('value_txt') }} then 'value_not_numeric' end as reason
from cells
where {{ clean_text('value_txt') }} is not null
