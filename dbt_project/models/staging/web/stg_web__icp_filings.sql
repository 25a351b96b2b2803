-- MIIT ICP filings (crawl), one row per filed website: organiser name normalised beside the raw
-- name (the name on the filing date: a former name for firms renamed since), organiser type,
-- filing number (licence_number without the site suffix; site_seq), domain, filing date.
select
    organiser_name, organiser_name_raw, organiser_type, licence_number, licence_province_abbr,
    licence_kind, licence_serial, site_seq, licence_number_raw, site_name, homepage_url, domain,
    filing_date, crawl_year, source_file, source_row
from {{ ref('stg_web__icp_filings_checked') }}
where reason is null
