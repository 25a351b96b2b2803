-- Foreign-trade operator filings that failed (or repeat a filing), and unparseable lines
-- (e.g. undecodable GB18030 bytes).
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '经营者中文名称' then firm_name_raw when '备案日期' then filing_date_raw
        when '组织机构代码' then organization_code_raw
        else concat_ws(',', filing_number, filing_date_raw)
    end as reject_value,
    filing_number, firm_name_raw, filing_date_raw, organization_code_raw
from {{ ref('stg_registry__trade_operators_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('registry_trade_operators') }}
