{{ config(materialized='view') }}
-- Every landed row of the listed firms' top-5 customer / supplier disclosures, typed, with the
-- first reason it fails (NULL = valid). Anonymised partners (客户一, 供应商A, 第一名, 单位B …) are
-- valid rows flagged is_anonymous: they cannot be linked to a firm.
with raw as (
    select
        {{ clean_text('"证券代码"') }} as stock_code_raw, {{ clean_text('"公司名称"') }} as company_name_raw,
        {{ clean_text('"统计截止日期"') }} as report_date_raw, {{ clean_text('"关系"') }} as relation_raw,
        {{ clean_text('"排名"') }} as rank_raw, {{ clean_text('"名称"') }} as partner_name_raw,
        {{ clean_text('"金额(元)"') }} as amount_raw, {{ clean_text('"占比(%)"') }} as share_raw,
        _source_file as source_file, _source_row as source_row, {{ file_year_of('_source_file') }} as file_year
    from {{ source('landing', 'listed_top5_partners') }}
),

typed as (
    select *,
        {{ pad_code(digits_only('stock_code_raw'), 6, 1) }} as stock_code,
        {{ normalize_cn_text('company_name_raw') }} as company_name,
        {{ normalize_cn_text('partner_name_raw') }} as partner_name,
        {{ parse_date_text('report_date_raw') }} as report_date,
        case relation_raw when '客户' then 'customer' when '供应商' then 'supplier' end as relation,
        try_cast(rank_raw as integer) as partner_rank,
        {{ to_double('amount_raw') }} as amount_yuan, {{ to_double('share_raw') }} as share_pct
    from raw
),

reasoned as (
    select *,
        regexp_full_match(coalesce(partner_name, ''),
            '(客户|供应商|单位|第)[一二三四五六七八九十A-Z0-9]{0,2}名?|(客户|供应商|单位)[甲乙丙丁戊]') as is_anonymous,
        case
            when stock_code is null then 'stock_code_malformed'
            when company_name is null then 'company_name_missing'
            when report_date is null then 'report_date_unparseable'
            when file_year is not null and year(report_date) <> file_year then 'year_differs_from_file_year'
            when relation is null then 'relation_unknown'
            when partner_rank is null or partner_rank < 1 then 'rank_not_positive_integer'
            when partner_name is null then 'partner_name_missing'
            when amount_raw is not null and amount_yuan is null then 'amount_not_numeric'
            when share_raw is not null and (share_pct is null or share_pct < 0 or share_pct > 100)
                then 'share_not_a_percentage'
        end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by stock_code, report_date, relation, partner_rank, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case
        when check_reason = 'stock_code_malformed' then '证券代码'
        when check_reason = 'company_name_missing' then '公司名称'
        when check_reason in ('report_date_unparseable', 'year_differs_from_file_year') then '统计截止日期'
        when check_reason = 'relation_unknown' then '关系'
        when check_reason = 'rank_not_positive_integer' then '排名'
        when check_reason = 'partner_name_missing' then '名称'
        when check_reason = 'amount_not_numeric' then '金额(元)'
        when check_reason = 'share_not_a_percentage' then '占比(%)'
        else '证券代码,统计截止日期,关系,排名'
    end as reject_column
from reasoned
