-- made-in-china.com members (crawl), one row per listed supplier: English name as listed and as
-- a matching key, member-since date and year, membership level, crawl year, location.
select
    company_name, company_name_raw, member_since_date, member_since_year, crawl_year, membership,
    location, province_code, main_products, showroom_url, source_file, source_row
from {{ ref('stg_web__made_in_china_members_checked') }}
where reason is null
