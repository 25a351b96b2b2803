{{ config(materialized='view') }}
-- Every landed alibaba.com member row, typed, with the first reason it fails (NULL = valid).
-- Member Since is a year ('2008'; a full date is accepted too); the crawl year is the file's.
with raw as (
    select
        {{ clean_text('"Company Name"') }} as company_name_raw, {{ clean_text('"Member Since"') }} as member_since_raw,
        {{ clean_text('"Business Type"') }} as business_type, {{ clean_text('"Location"') }} as location,
        {{ clean_text('"Main Products"') }} as main_products, {{ clean_text('"Profile URL"') }} as profile_url,
        l._source_file as source_file, l._source_row as source_row, i.file_year as crawl_year
    from {{ source('landing', 'web_alibaba_members') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'web_alibaba_members' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ normalize_en_name('company_name_raw') }} as company_name,
        coalesce(try_cast(regexp_extract(raw.member_since_raw, '^(?i:since)?\s*([0-9]{4})$', 1) as integer),
                 year({{ parse_date_text('member_since_raw') }})) as member_since_year,
        p.province_code
    from raw
    left join {{ ref('provinces') }} p on p.is_province and p.name_en = trim(split_part(raw.location, ',', 1))
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by source_file, company_name, member_since_year, check_reason is null
                                order by source_row) > 1 then 'duplicate_member'
    end as reason,
    case when check_reason = 'company_name_missing' then 'Company Name'
         when check_reason is null then 'Company Name,Member Since' else 'Member Since' end as reject_column
from (
    select
        *,
        case
            when company_name is null then 'company_name_missing'
            when member_since_raw is not null and member_since_year is null then 'member_since_unparseable'
            when member_since_year > crawl_year then 'member_since_after_crawl'
        end as check_reason
    from typed
) reasoned
