-- Registry change records that failed (or repeat a change already staged), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '变更事项' then change_item when '变更日期' then change_date_raw
        else concat_ws(',', uscc_raw, registration_number_raw, change_item, change_date_raw)
    end as reject_value,
    firm_name_raw, uscc_raw, registration_number_raw, change_item, change_date_raw
from {{ ref('stg_registry__name_changes_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('registry_name_changes') }}
