-- CNNIC internet penetration by province (GB/T 2260 code; 000000 = the national row) x data
-- year: share of the population using the internet (percent, 0-100) and users (10k persons).
select province_code, year, internet_rate_pct, internet_users_10k,
       province_raw as province_printed, rate_raw as rate_printed, source_file, source_row
from {{ ref('stg_cnnic__province_internet_checked') }}
where reason is null
