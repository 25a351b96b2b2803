-- IPR-index rows that failed typing or validation, and lines the parser could not read.
select source_file, source_row, reason, reject_column,
       case reject_column when '知识产权综合发展指数' then composite_raw when '知识产权保护指数' then protection_raw
            else province_raw end as reject_value
from {{ ref('stg_institutions__ipr_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('ipr_index') }}
