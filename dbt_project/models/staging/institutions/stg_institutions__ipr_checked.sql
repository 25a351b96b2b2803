{{ config(materialized='view') }}
-- Every landed row of the provincial IPR-development tables (one file per data year), typed,
-- with the first reason it fails (NULL = valid). Indices on the report's 0-100 scale.
with raw as (
    select
        {{ clean_text('"地区"') }} as province_raw, {{ printed_key('"地区"') }} as province_key,
        {{ clean_text('"知识产权综合发展指数"') }} as composite_raw, {{ clean_text('"知识产权保护指数"') }} as protection_raw,
        {{ to_double('"知识产权综合发展指数"') }} as ipr_composite, {{ to_double('"知识产权创造指数"') }} as ipr_creation,
        {{ to_double('"知识产权运用指数"') }} as ipr_use, {{ to_double('"知识产权保护指数"') }} as ipr_protection,
        {{ to_double('"知识产权环境指数"') }} as ipr_environment,
        {{ file_year_of('_source_file') }} as year,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'ipr_index') }}
),

typed as (
    select r.*, p.province_code
    from raw r left join {{ ref('province_name_variants') }} p on r.province_key = p.printed_name
),

reasoned as (
    select *,
        case when province_raw is null then 'missing_province'
             when province_code is null then 'unknown_province'
             when province_code = '000000' then 'not_a_province'
             when year is null then 'file_year_missing'
             when composite_raw is not null and ipr_composite is null then 'composite_not_numeric'
             when protection_raw is not null and ipr_protection is null then 'protection_not_numeric'
        end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by province_code, year, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_province'
    end as reason,
    case when check_reason = 'composite_not_numeric' then '知识产权综合发展指数'
         when check_reason = 'protection_not_numeric' then '知识产权保护指数'
         else '地区' end as reject_column
from reasoned
