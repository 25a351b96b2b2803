{{ config(materialized='view') }}
-- Every landed ICP filing, typed, with the first reason it fails (NULL = valid). The filing
-- number '浙ICP备05012345号-2' splits into province abbreviation, kind (备 filing / 证 licence),
-- serial and site number (1 when absent); the domain comes from the homepage URL.
with raw as (
    select
        {{ clean_text('"主办单位名称"') }} as organiser_name_raw, {{ clean_text('"主办单位性质"') }} as organiser_type,
        {{ clean_text('"网站备案/许可证号"') }} as licence_number_raw, {{ clean_text('"网站名称"') }} as site_name,
        {{ clean_text('"网站首页网址"') }} as homepage_url, {{ clean_text('"审核通过时间"') }} as filing_date_raw,
        l._source_file as source_file, l._source_row as source_row, i.file_year as crawl_year
    from {{ source('landing', 'web_icp_filings') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'web_icp_filings' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_cn_text('organiser_name_raw') }} as organiser_name,
        regexp_extract({{ normalize_cn_text('licence_number_raw') }},
                       '^([\x{4e00}-\x{9fff}])ICP(备|证)([0-9]{6,10})号(?:-([0-9]{1,3}))?$',
                       ['province_abbr', 'kind', 'serial', 'site']) as licence,
        {{ domain_of("split_part(homepage_url, ';', 1)") }} as domain,
        {{ parse_date_text('filing_date_raw') }} as filing_date
    from raw
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by source_file, licence_number, domain, check_reason is null
                                order by source_row) > 1 then 'duplicate_filing'
    end as reason,
    case check_reason
        when 'organiser_missing' then '主办单位名称' when 'licence_number_malformed' then '网站备案/许可证号'
        when 'domain_unparseable' then '网站首页网址' when 'filing_date_unparseable' then '审核通过时间'
        when 'filing_date_missing' then '审核通过时间' else '网站备案/许可证号,网站首页网址'
    end as reject_column
from (
    select
        typed.*,
        case when nullif(typed.licence.serial, '') is not null
             then typed.licence.province_abbr || 'ICP' || typed.licence.kind || typed.licence.serial || '号'
        end as licence_number,
        nullif(typed.licence.province_abbr, '') as licence_province_abbr,
        case typed.licence.kind when '备' then 'filing' when '证' then 'licence' end as licence_kind,
        nullif(typed.licence.serial, '') as licence_serial,
        coalesce(try_cast(nullif(typed.licence.site, '') as integer), 1) as site_seq,
        case
            when typed.organiser_name is null then 'organiser_missing'
            when nullif(typed.licence.serial, '') is null then 'licence_number_malformed'
            when typed.domain is null or not regexp_full_match(typed.domain, '[a-z0-9-]+([.][a-z0-9-]+)+')
                then 'domain_unparseable'
            when typed.filing_date_raw is null then 'filing_date_missing'
            when typed.filing_date is null then 'filing_date_unparseable'
        end as check_reason
    from typed
) reasoned
