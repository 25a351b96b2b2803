-- WEF Networked Readiness Index (1-7), one row per economy (ISO3) x GITR edition year.
select iso3, edition_year, nri, source_file, source_row
from {{ ref('stg_wef__nri_checked') }}
where reason is null
