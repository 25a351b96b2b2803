-- BACI country dictionary: BACI code (ISO numeric except BACI's own, 3-digit text) -> ISO3.
select country_code, country_name, iso3, iso2, source_file, source_row
from {{ ref('stg_baci__countries_checked') }}
where reason is null
