{{ config(materialized='view') }}
-- Every landed input-output table row (a sector, an input total or a value-added row) with
-- its cells checked, and the first reason it fails (NULL = valid). Row codes: the sectors of
-- seed io_sectors (classification var io_classification; a code that lost its leading zero is
-- padded) and TII, VA001-VA004, TVA, TI. Cells: the sector columns and TIU TFU EX IM ERR TO.
{%- set cls = var('io_classification') %}
with raw as (
    select
        {{ clean_text('"代码"') }} as row_code_raw, {{ clean_text('"部门名称"') }} as row_name,
        _source_file as source_file, _source_row as source_row,
        {{ file_year_of('_source_file') }} as table_year
    from {{ source('landing', 'io_tables') }}
),

sectors as (
    select distinct sector_code from {{ ref('io_sectors') }} where classification = '{{ cls }}'
),

cells as (
    {{ unpivot_matching(source('landing', 'io_tables'), '^[0-9]{1,3}$|^(TIU|TFU|EX|IM|ERR|TO)$',
                        ['_source_file', '_source_row'], 'column_raw', 'value_raw') }}
),

typed_cells as (
    select
        _source_file as source_file, _source_row as source_row, column_raw,
        coalesce({{ pad_code('column_raw', 2, 1) }}, column_raw) as column_code,
        {{ clean_text('value_raw') }} as value_text,
        {{ to_double('value_raw') }} as value
    from cells
),

cell_checks as (
    select
        c.source_file, c.source_row,
        min(case when c.value_text is not null and c.value is null then c.column_raw end) as bad_number_column,
        min(case when c.value < 0 and s.sector_code is not null then c.column_raw end) as negative_flow_column,
        min(case when c.column_code not in ('TIU', 'TFU', 'EX', 'IM', 'ERR', 'TO') and s.sector_code is null
                 then c.column_raw end) as unknown_column
    from typed_cells c
    left join sectors s on c.column_code = s.sector_code
    group by c.source_file, c.source_row
),

typed as (
    select
        r.*,
        coalesce({{ pad_code('r.row_code_raw', 2, 1) }}, upper(r.row_code_raw)) as row_code,
        k.bad_number_column, k.negative_flow_column, k.unknown_column
    from raw r
    left join cell_checks k on r.source_file = k.source_file and r.source_row = k.source_row
),

reasoned as (
    select
        t.*,
        case when s.sector_code is not null then 'sector'
             when t.row_code = 'TII' then 'total_input'
             when t.row_code in ('VA001', 'VA002', 'VA003', 'VA004', 'TVA') then 'value_added'
             when t.row_code = 'TI' then 'total'
        end as row_kind,
        case
            when t.table_year is null then 'table_year_not_in_file_name'
            when t.row_code_raw is null then 'missing_row_code'
            when t.unknown_column is not null then 'unknown_sector_column'
            when s.sector_code is null and t.row_code not in ('TII', 'VA001', 'VA002', 'VA003', 'VA004', 'TVA', 'TI')
                then 'unknown_row_code'
            when t.bad_number_column is not null then 'value_not_numeric'
            when t.negative_flow_column is not null and s.sector_code is not null then 'negative_flow'
        end as check_reason
    from typed t
    left join sectors s on t.row_code = s.sector_code
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by table_year, row_code, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason in ('missing_row_code', 'unknown_row_code') then '代码'
        when check_reason = 'unknown_sector_column' then unknown_column
        when check_reason = 'value_not_numeric' then bad_number_column
        when check_reason = 'negative_flow' then negative_flow_column
        else '代码'
    end as reject_column
from reasoned
