-- IFR robots: installations in the year and operational stock at year end (units).
select country, industry_code, year, installations, operational_stock, source_file, source_row
from {{ ref('stg_ifr__robots_checked') }}
where reason is null
