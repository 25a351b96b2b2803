{{ config(materialized='view') }}
-- Every landed foreign-trade operator filing (GB18030 download, transcoded at landing), typed,
-- with the first reason it fails (NULL = valid). Names are those on the filing date.
with raw as (
    select
        {{ clean_text('"备案登记表编号"') }} as filing_number, {{ clean_text('"备案日期"') }} as filing_date_raw,
        {{ clean_text('"经营者中文名称"') }} as firm_name_raw, {{ clean_text('"经营者英文名称"') }} as english_name_raw,
        {{ clean_text('"组织机构代码"') }} as organization_code_raw, {{ clean_text('"经营者类型"') }} as operator_type,
        {{ clean_text('"住所"') }} as address, {{ clean_text('"进出口企业代码"') }} as trade_code_raw,
        l._source_file as source_file, l._source_row as source_row, i.file_year as export_year
    from {{ source('landing', 'registry_trade_operators') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'registry_trade_operators' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_cn_text('firm_name_raw') }} as firm_name,
        {{ normalize_en_name('english_name_raw') }} as english_name,
        nullif(upper(regexp_replace(raw.organization_code_raw, '[^0-9A-Za-z]', '', 'g')), '') as organization_code,
        nullif(upper(regexp_replace(raw.trade_code_raw, '[^0-9A-Za-z]', '', 'g')), '') as trade_code,
        {{ parse_date_text('filing_date_raw') }} as filing_date
    from raw
),

checked as (
    select
        *,
        case
            when firm_name is null then 'firm_name_missing'
            when filing_date_raw is null then 'filing_date_missing'
            when filing_date is null then 'filing_date_unparseable'
            when organization_code is not null and not regexp_full_match(organization_code, '[0-9A-Z]{9}')
                then 'organization_code_malformed'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by coalesce(filing_number, firm_name), filing_date, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_filing'
    end as reason,
    case
        when check_reason = 'firm_name_missing' then '经营者中文名称'
        when check_reason in ('filing_date_missing', 'filing_date_unparseable') then '备案日期'
        when check_reason = 'organization_code_malformed' then '组织机构代码'
        else '备案登记表编号,备案日期'
    end as reject_column
from checked
