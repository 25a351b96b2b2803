-- The cells of the valid input-output rows, long: table year x row code x column code, 万元
-- (10k yuan). Sector x sector cells are intermediate flows Z (row sector sells to column
-- sector); TIU / TFU / EX / IM / ERR / TO the row's use totals; TII / VA / TI rows the
-- column sector's inputs. Empty cells are dropped.
with cells as (
    {{ unpivot_matching(source('landing', 'io_tables'), '^[0-9]{1,3}$|^(TIU|TFU|EX|IM|ERR|TO)$',
                        ['_source_file', '_source_row'], 'column_raw', 'value_raw') }}
)
select
    r.table_year, r.row_code, r.row_kind,
    coalesce({{ pad_code('c.column_raw', 2, 1) }}, c.column_raw) as column_code,
    {{ to_double('c.value_raw') }} as value_10k_yuan,
    r.source_file, r.source_row
from {{ ref('stg_io__table_rows') }} r
join cells c on r.source_file = c._source_file and r.source_row = c._source_row
where {{ to_double('c.value_raw') }} is not null
