-- Penn World Table 10.0, one row per country (ISO3) x year: the market exchange rate xr
-- (national currency per USD) and a few context series.
select iso3, year, country_name, currency_unit, xr, rgdpe_musd, pop_millions, pl_gdpo, source_file, source_row
from {{ ref('stg_pwt__country_years_checked') }}
where reason is null
