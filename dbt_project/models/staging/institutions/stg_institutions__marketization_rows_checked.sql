{{ config(materialized='view') }}
-- Every landed row of the marketisation-index table (one province, its scores wide by year),
-- with the first reason it fails (NULL = valid). Printed names through seed
-- province_name_variants (short, full and padded spellings).
with raw as (
    select {{ clean_text('"地区"') }} as province_raw, {{ printed_key('"地区"') }} as province_key,
           _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'marketization_index') }}
),

typed as (
    select r.*, p.province_code
    from raw r left join {{ ref('province_name_variants') }} p on r.province_key = p.printed_name
),

reasoned as (
    select *,
        case when province_raw is null then 'missing_province'
             when province_code is null then 'unknown_province'
             when province_code = '000000' then 'not_a_province' end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by province_code, check_reason is null
                                order by source_file desc, source_row asc) > 1 then 'duplicate_province'
    end as reason,
    '地区' as reject_column
from reasoned
