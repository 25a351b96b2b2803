{{ config(materialized='view') }}
-- Every landed 1688.com 诚信通 member row, typed, with the first reason it fails (NULL = valid).
-- 诚信通年限 '第8年' / '8年' is the membership year reached in the crawl year, so the member
-- joined in crawl year - 8 + 1.
with raw as (
    select
        {{ clean_text('"公司名称"') }} as company_name_raw, {{ clean_text('"诚信通年限"') }} as membership_years_raw,
        {{ clean_text('"经营模式"') }} as business_model, {{ clean_text('"所在地"') }} as location,
        {{ clean_text('"主营产品"') }} as main_products, {{ clean_text('"旺铺地址"') }} as shop_url,
        l._source_file as source_file, l._source_row as source_row, i.file_year as crawl_year
    from {{ source('landing', 'web_1688_members') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'web_1688_members' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_cn_text('company_name_raw') }} as company_name,
        try_cast(regexp_extract(replace(raw.membership_years_raw, ' ', ''), '^第?([0-9]{1,2})年$', 1) as integer)
            as membership_years,
        p.province_code
    from raw
    left join {{ ref('provinces') }} p
        on p.is_province and p.name_full = split_part(trim(raw.location), ' ', 1)
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by source_file, company_name, membership_years, check_reason is null
                                order by source_row) > 1 then 'duplicate_member'
    end as reason,
    case when check_reason = 'company_name_missing' then '公司名称'
         when check_reason is null then '公司名称,诚信通年限' else '诚信通年限' end as reject_column
from (
    select
        *,
        crawl_year - membership_years + 1 as member_since_year,
        case
            when company_name is null then 'company_name_missing'
            when membership_years_raw is not null and membership_years is null then 'membership_years_unparseable'
            when membership_years < 1 then 'membership_years_unparseable'
        end as check_reason
    from typed
) reasoned
