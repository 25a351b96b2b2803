-- WHOIS lookups, one row per domain (lower case): creation and expiration dates, registrar,
-- registrant organisation (often redacted), lookup_status found / not_found, crawl year.
select
    domain, creation_date, expiration_date, lookup_status, registrar, registrant_org, crawl_year,
    domain_raw, creation_date_raw, source_file, source_row
from {{ ref('stg_web__whois_domains_checked') }}
where reason is null
