-- Customs records that failed typing or validation, and lines that could not be read
-- (undecodable GB18030 bytes, wrong number of fields).
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '日期' then date_raw when '进口或出口' then flow_raw when '税号编码' then hs_raw
        when '金额' then value_raw when '数量' then quantity_raw when '企业编码' then firm_code_raw
        when '起运国或目的国' then country_raw when '贸易方式' then trade_mode_raw
    end as reject_value,
    date_raw, flow_raw, hs_raw, value_raw, quantity_raw, firm_code_raw, firm_name_raw,
    country_raw, trade_mode_raw
from {{ ref('stg_customs__transactions_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('customs_transactions') }}
