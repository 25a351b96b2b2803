{{ config(materialized='view') }}
-- BACI HS96 product dictionary rows with the first reason a row fails (NULL = valid).
with typed as (
    select {{ clean_text('code') }} as hs6, {{ clean_text('description') }} as description,
           _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'baci_products') }}
)
select
    *,
    case
        when hs6 is null or not regexp_full_match(hs6, '[0-9]{6}') then 'code_not_6_digits'
        when row_number() over (partition by hs6, regexp_full_match(coalesce(hs6, ''), '[0-9]{6}')
                                order by source_file, source_row) > 1 then 'duplicate_code'
    end as reason
from typed
