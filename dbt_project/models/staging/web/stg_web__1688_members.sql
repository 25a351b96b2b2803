-- 1688.com 诚信通 members (crawl), one row per listed shop: Chinese name normalised (full-width
-- to half-width, brackets, spaces) beside the raw name, years of membership, member-since year
-- (crawl year - years + 1), business model, location.
select
    company_name, company_name_raw, membership_years, member_since_year, crawl_year, business_model,
    location, province_code, main_products, shop_url, source_file, source_row
from {{ ref('stg_web__1688_members_checked') }}
where reason is null
