{{ config(materialized='view') }}
-- Every landed patent record, typed, with the first reason it fails (NULL = valid). Application
-- numbers in any export form (CN201010123456.7, 2010101234567, CN01123456.X, full-width
-- digits, check character left out) are split into year / type digit / serial / check and the
-- check character is recomputed; dates in 2005.03.12 or 2010-03-12 form. See docs/data-sources.md.
with raw as (
    select
        {{ clean_text('"申请号"') }} as application_number_raw, {{ clean_text('"申请日"') }} as application_date_raw,
        {{ clean_text('"公开（公告）号"') }} as publication_number_raw,
        {{ clean_text('"公开（公告）日"') }} as publication_date_raw, {{ clean_text('"名称"') }} as title,
        {{ clean_text('"申请（专利权）人"') }} as applicants_raw, {{ clean_text('"发明（设计）人"') }} as inventors_raw,
        {{ clean_text('"主分类号"') }} as main_class_raw, {{ clean_text('"分类号"') }} as classes_raw,
        {{ clean_text('"专利类型"') }} as patent_type_raw, {{ clean_text('"法律状态"') }} as legal_status_raw,
        {{ clean_text('"地址"') }} as address_raw, {{ clean_text('"国省代码"') }} as province_raw,
        l._source_file as source_file, l._source_row as source_row, i.file_year
    from {{ source('landing', 'patents_cnipa') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'patents_cnipa' and l._source_file = i.source_file
),

cleaned as (
    select
        raw.*,
        regexp_replace({{ normalize_code_text('application_number_raw') }}, '^(CN|ZL)', '') as number_clean,
        regexp_replace({{ normalize_code_text('main_class_raw') }}, '[(].*$', '') as main_class_clean,
        {{ parse_date_text('application_date_raw') }} as application_date,
        {{ parse_date_text('publication_date_raw') }} as publication_date,
        {{ normalize_code_text('publication_number_raw') }} as publication_number
    from raw
),

parts as (
    select
        cleaned.*,
        nullif(regexp_extract(cleaned.number_clean, '^([0-9]{12}|[0-9]{8})[.]?([0-9X]?)$', 1), '') as number_body,
        nullif(regexp_extract(cleaned.number_clean, '^([0-9]{12}|[0-9]{8})[.]?([0-9X]?)$', 2), '') as check_char_given,
        {{ normalize_ipc('main_class_clean') }} as main_ipc,
        case when regexp_full_match(cleaned.main_class_clean, '[0-9]{2}-[0-9]{2}') then cleaned.main_class_clean end
            as main_locarno
    from cleaned
),

typed as (
    select
        parts.*,
        case length(parts.number_body)
            when 12 then {{ appno_check('number_body', 12) }}
            when 8 then {{ appno_check('number_body', 8) }}
        end as check_char,
        case length(parts.number_body)
            when 12 then try_cast(left(parts.number_body, 4) as integer)
            when 8 then try_cast(left(parts.number_body, 2) as integer)
                        + case when left(parts.number_body, 2) >= '85' then 1900 else 2000 end
        end as application_year,
        case length(parts.number_body)
            when 12 then substr(parts.number_body, 5, 1) when 8 then substr(parts.number_body, 3, 1)
        end as type_digit,
        case length(parts.number_body)
            when 12 then substr(parts.number_body, 6, 7) when 8 then substr(parts.number_body, 4, 5)
        end as application_serial,
        case when parts.patent_type_raw like '发明%' then 'invention'
             when parts.patent_type_raw like '实用新型%' then 'utility_model'
             when parts.patent_type_raw like '外观设计%' then 'design' end as type_from_label,
        right(parts.publication_number, 1) as publication_kind,
        case
            when parts.legal_status_raw in ('授权', '有权', '有效', '专利权的终止', '专利权有效', '未缴年费专利权终止')
                then 'granted'
            when parts.legal_status_raw like '%实质审查%' or parts.legal_status_raw in ('公开', '审中') then 'pending'
            when parts.legal_status_raw like '%驳回%' then 'refused'
            when parts.legal_status_raw like '%撤回%' or parts.legal_status_raw like '%放弃%' then 'withdrawn'
        end as status_group
    from parts
),

reasoned as (
    select
        typed.*,
        case typed.type_digit when '1' then 'invention' when '8' then 'invention' when '2' then 'utility_model'
                        when '9' then 'utility_model' when '3' then 'design' end as type_from_number,
        case
            when typed.number_body is null then 'application_number_malformed'
            when typed.check_char_given is null and not {{ var('patents_accept_missing_check_char') }}
                then 'application_number_check_missing'
            when typed.check_char_given <> typed.check_char then 'application_number_check_failed'
            when typed.file_year is not null and typed.application_year <> typed.file_year
                then 'year_differs_from_file_year'
            when typed.application_date_raw is null then 'application_date_missing'
            when typed.application_date is null then 'application_date_unparseable'
            when year(typed.application_date) <> typed.application_year then 'application_date_differs_from_number'
            when typed.publication_date_raw is not null and typed.publication_date is null
                then 'publication_date_unparseable'
            when typed.applicants_raw is null then 'applicants_missing'
            when typed.main_ipc is null and typed.main_locarno is null then 'main_class_malformed'
        end as check_reason
    from typed
)

select
    *,
    number_body || '.' || check_char as application_number,
    coalesce(type_from_label, type_from_number) as patent_type,
    case
        when check_reason is not null then check_reason
        when type_from_label <> type_from_number then 'patent_type_differs_from_number'
        when row_number() over (
            partition by number_body, check_reason is null order by source_file, source_row) > 1
            then 'duplicate_application'
    end as reason,
    case
        when check_reason in ('application_number_malformed', 'application_number_check_missing',
                              'application_number_check_failed', 'year_differs_from_file_year') then '申请号'
        when check_reason in ('application_date_missing', 'application_date_unparseable',
                              'application_date_differs_from_number') then '申请日'
        when check_reason = 'publication_date_unparseable' then '公开（公告）日'
        when check_reason = 'applicants_missing' then '申请（专利权）人'
        when check_reason = 'main_class_malformed' then '主分类号'
        when type_from_label <> type_from_number then '专利类型'
        else '申请号'
    end as reject_column
from reasoned
