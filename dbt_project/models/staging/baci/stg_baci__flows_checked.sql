{{ config(materialized='view') }}
-- Every landed BACI row, typed, with the first reason it fails (NULL = valid).
with raw as (
    select
        {{ clean_text('t') }} as t_raw, {{ clean_text('i') }} as i_raw, {{ clean_text('j') }} as j_raw,
        {{ clean_text('k') }} as k_raw, {{ clean_text('v') }} as v_raw, {{ clean_text('q') }} as q_raw,
        _source_file as source_file, _source_row as source_row,
        try_cast(regexp_extract(_source_file, '_Y([0-9]{4})_', 1) as integer) as file_year
    from {{ source('landing', 'baci_flows') }}
),

typed as (
    select
        *,
        try_cast(t_raw as integer) as year,
        lpad(cast(try_cast(i_raw as integer) as varchar), 3, '0') as exporter_code,
        lpad(cast(try_cast(j_raw as integer) as varchar), 3, '0') as importer_code,
        case
            when {{ var('baci_pad_short_hs_codes') }} and regexp_full_match(k_raw, '[0-9]{5}') then '0' || k_raw
            else k_raw
        end as hs6,
        {{ to_double('v_raw') }} as value_kusd,
        {{ to_double('q_raw') }} as quantity_t
    from raw
),

reasoned as (
    select
        *,
        case
            when year is null then 't_not_integer'
            when file_year is not null and year <> file_year then 't_differs_from_file_year'
            when exporter_code is null then 'i_not_integer'
            when importer_code is null then 'j_not_integer'
            when hs6 is null or not regexp_full_match(hs6, '[0-9]{6}') then 'k_not_6_digits'
            when value_kusd is null then 'v_not_numeric'
            when value_kusd <= 0 then 'v_not_positive'
            when {{ is_bad_number('q_raw') }} then 'q_not_numeric'
            when quantity_t < 0 then 'q_negative'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (
            partition by year, exporter_code, importer_code, hs6, check_reason is null
            order by source_file, source_row) > 1 then 'duplicate_flow'
    end as reason,
    case
        when check_reason in ('t_not_integer', 't_differs_from_file_year') then 't'
        when check_reason = 'i_not_integer' then 'i'
        when check_reason = 'j_not_integer' then 'j'
        when check_reason = 'k_not_6_digits' then 'k'
        when check_reason in ('v_not_numeric', 'v_not_positive') then 'v'
        when check_reason in ('q_not_numeric', 'q_negative') then 'q'
        when check_reason is null then 't,i,j,k'
    end as reject_column
from reasoned
