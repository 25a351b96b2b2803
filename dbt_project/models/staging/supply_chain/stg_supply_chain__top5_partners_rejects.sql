-- Top-5 partner rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '证券代码' then stock_code_raw when '公司名称' then company_name_raw when '统计截止日期' then report_date_raw
        when '关系' then relation_raw when '排名' then rank_raw when '名称' then partner_name_raw
        when '金额(元)' then amount_raw when '占比(%)' then share_raw
        else concat_ws(',', stock_code_raw, report_date_raw, relation_raw, rank_raw)
    end as reject_value
from {{ ref('stg_supply_chain__top5_partners_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('listed_top5_partners') }}
