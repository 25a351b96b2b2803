-- Rows of the NRI download: one per economy (ISO3) x indicator x attribute (Value or Rank); the
-- yearly cells are in stg_wef__nri.
select iso3, country_name, indicator, attribute, source_file, source_row
from {{ ref('stg_wef__nri_rows_checked') }}
where reason is null
