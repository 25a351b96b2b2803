-- alibaba.com members (crawl), one row per listed supplier: English name as listed and as a
-- matching key (normalize_en_name), member-since year, crawl year, business type, location.
select
    company_name, company_name_raw, member_since_year, crawl_year, business_type, location,
    province_code, main_products, profile_url, source_file, source_row
from {{ ref('stg_web__alibaba_members_checked') }}
where reason is null
