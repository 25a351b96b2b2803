{{ config(materialized='view') }}
-- The year cells of the valid marketisation rows in long form (province, year, score), with
-- the first reason a cell fails. A printed gap (—, …) or an empty cell is a valid NULL.
with cells_wide as (
    select s.province_code, s.source_file, s.source_row, r.* exclude ("地区", _source_file, _source_row)  -- noqa: RF02
    from {{ ref('stg_institutions__marketization_rows') }} s
    join {{ source('landing', 'marketization_index') }} r
      on s.source_file = r._source_file and s.source_row = r._source_row
),

cells as (
    -- province_code keeps the unpivot list non-empty when the file has no year columns
    select * from (unpivot (select *, province_code as province_copy from cells_wide)
                   on columns('^[0-9]{4}$|^province_copy$') into name year_txt value value_txt)
    where year_txt <> 'province_copy'
)

select
    province_code, cast(year_txt as integer) as year, {{ clean_text('value_txt') }} as value_raw,
    case when {{ is_missing_mark(clean_text('value_txt')) }} then null else {{ to_double('value_txt') }} end
        as market_index,
    source_file, source_row,
    case when not coalesce({{ is_missing_mark(clean_text('value_txt')) }}, false)
              and {{ is_bad_number('value_txt') }} then 'value_not_numeric' end as reason
from cells
