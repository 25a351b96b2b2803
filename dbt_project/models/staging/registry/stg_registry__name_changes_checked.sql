{{ config(materialized='view') }}
-- Every landed registry change record, typed, with the first reason it fails (NULL = valid).
-- change_type name / address / legal_representative / other from 变更事项.
with raw as (
    select
        {{ clean_text('"企业名称"') }} as firm_name_raw, {{ clean_text('"统一社会信用代码"') }} as uscc_raw,
        {{ clean_text('"注册号"') }} as registration_number_raw, {{ clean_text('"变更事项"') }} as change_item,
        {{ clean_text('"变更前内容"') }} as before_raw, {{ clean_text('"变更后内容"') }} as after_raw,
        {{ clean_text('"变更日期"') }} as change_date_raw,
        l._source_file as source_file, l._source_row as source_row, i.file_year as export_year
    from {{ source('landing', 'registry_name_changes') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'registry_name_changes' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_cn_text('firm_name_raw') }} as firm_name,
        upper(regexp_replace(raw.uscc_raw, '\s', '', 'g')) as uscc,
        regexp_replace(raw.registration_number_raw, '\s', '', 'g') as registration_number,
        case
            when raw.change_item like '%名称%' then 'name'
            when raw.change_item like '%住所%' or raw.change_item like '%地址%' then 'address'
            when raw.change_item like '%法定代表人%' or raw.change_item like '%负责人%' then 'legal_representative'
            else 'other'
        end as change_type,
        {{ parse_date_text('change_date_raw') }} as change_date
    from raw
),

checked as (
    select
        *,
        case
            when uscc is null and registration_number is null then 'identifier_missing'
            when change_item is null then 'change_item_missing'
            when change_date_raw is null then 'change_date_missing'
            when change_date is null then 'change_date_unparseable'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by coalesce(uscc, registration_number), change_item, change_date,
                                             before_raw, after_raw, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_change'
    end as reason,
    case
        when check_reason = 'identifier_missing' then '统一社会信用代码,注册号'
        when check_reason = 'change_item_missing' then '变更事项'
        when check_reason in ('change_date_missing', 'change_date_unparseable') then '变更日期'
        else '统一社会信用代码,变更事项,变更日期'
    end as reject_column
from checked
