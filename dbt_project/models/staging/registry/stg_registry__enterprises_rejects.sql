-- Enterprise-registry rows that failed (or repeat an enterprise already staged), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '企业名称' then firm_name_raw when '统一社会信用代码' then uscc_raw
        when '注册号' then registration_number_raw when '成立日期' then founding_date_raw
        else concat_ws(',', uscc_raw, registration_number_raw)
    end as reject_value,
    firm_name_raw, uscc_raw, registration_number_raw, founding_date_raw
from {{ ref('stg_registry__enterprises_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('registry_enterprises') }}
