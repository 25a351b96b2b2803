{{ config(materialized='view') }}
-- Every landed enterprise-registry row, typed, with the first reason it fails (NULL = valid).
-- The unified social credit code (18 characters, GB 32100) has its check character validated
-- and its organisation code (characters 9-17, the survey's 法人代码) extracted; firms
-- deregistered before codes were issued have only the registration number (15 or 13 digits).
with raw as (
    select
        {{ clean_text('"企业名称"') }} as firm_name_raw, {{ clean_text('"统一社会信用代码"') }} as uscc_raw,
        {{ clean_text('"注册号"') }} as registration_number_raw, {{ clean_text('"组织机构代码"') }} as organization_code_raw,
        {{ clean_text('"法定代表人"') }} as legal_representative, {{ clean_text('"成立日期"') }} as founding_date_raw,
        {{ clean_text('"登记状态"') }} as registration_status, {{ clean_text('"企业类型"') }} as enterprise_type,
        {{ clean_text('"行业门类"') }} as industry_division, {{ clean_text('"所属行业"') }} as industry_name,
        {{ clean_text('"所属省份"') }} as province_name, {{ clean_text('"所属城市"') }} as city_name,
        {{ clean_text('"住所"') }} as address, {{ clean_text('"曾用名"') }} as former_names_raw,
        l._source_file as source_file, l._source_row as source_row, i.file_year as export_year
    from {{ source('landing', 'registry_enterprises') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'registry_enterprises' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_cn_text('firm_name_raw') }} as firm_name,
        upper(regexp_replace(raw.uscc_raw, '\s', '', 'g')) as uscc,
        regexp_replace(raw.registration_number_raw, '\s', '', 'g') as registration_number,
        upper(regexp_replace(raw.organization_code_raw, '[^0-9A-Za-z]', '', 'g')) as organization_code_given,
        {{ parse_date_text('founding_date_raw') }} as founding_date,
        p.province_code
    from raw
    left join {{ ref('provinces') }} p on p.is_province and raw.province_name = p.name_full
),

checked as (
    select
        *,
        case
            when firm_name is null then 'firm_name_missing'
            when uscc is null and registration_number is null then 'identifier_missing'
            when uscc is not null and not regexp_full_match(uscc, '[0-9A-HJ-NPQRTUWXY]{18}') then 'uscc_malformed'
            when uscc is not null and {{ uscc_check('uscc') }} <> right(uscc, 1) then 'uscc_check_failed'
            when registration_number is not null and not regexp_full_match(registration_number, '[0-9]{15}|[0-9]{13}')
                then 'registration_number_malformed'
            when founding_date_raw is not null and founding_date is null then 'founding_date_unparseable'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by coalesce(uscc, registration_number), check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_enterprise'
    end as reason,
    case
        when check_reason = 'firm_name_missing' then '企业名称'
        when check_reason in ('uscc_malformed', 'uscc_check_failed') then '统一社会信用代码'
        when check_reason in ('identifier_missing', 'registration_number_malformed') then '注册号'
        when check_reason = 'founding_date_unparseable' then '成立日期'
        else '统一社会信用代码,注册号'
    end as reject_column
from checked
