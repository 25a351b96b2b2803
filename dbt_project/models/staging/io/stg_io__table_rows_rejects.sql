-- Input-output table rows that failed: reason (table_year_not_in_file_name, missing_row_code,
-- unknown_row_code, unknown_sector_column, value_not_numeric, negative_flow, duplicate_row,
-- unparseable_line: ...), the column, its raw value, file and row.
with cells as (
    {{ unpivot_matching(source('landing', 'io_tables'), '^[0-9]{1,3}$|^(TIU|TFU|EX|IM|ERR|TO)$',
                        ['_source_file', '_source_row'], 'column_raw', 'value_raw') }}
)
select
    c.source_file, c.source_row, c.reason, c.reject_column,
    case when c.reject_column = '代码' then c.row_code_raw else v.value_raw end as reject_value,
    c.row_code_raw, c.table_year
from {{ ref('stg_io__table_rows_checked') }} c
left join cells v
    on c.source_file = v._source_file and c.source_row = v._source_row and c.reject_column = v.column_raw
where c.reason is not null
union all by name
{{ parse_error_rejects('io_tables') }}
