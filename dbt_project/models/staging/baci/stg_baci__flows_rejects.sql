-- BACI rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when 't' then t_raw when 'i' then i_raw when 'j' then j_raw when 'k' then k_raw
        when 'v' then v_raw when 'q' then q_raw
        else concat_ws(',', t_raw, i_raw, j_raw, k_raw)
    end as reject_value,
    t_raw, i_raw, j_raw, k_raw, v_raw, q_raw
from {{ ref('stg_baci__flows_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('baci_flows') }}
