-- Export delivery value by province x GB/T 4754 2-digit manufacturing industry x year, in
-- 10k yuan (万元); NULL where a gap was printed (taken as zero exports in the shares).
select province_code, year, industry_code, value_10k_yuan, value_printed, unit_raw as unit_printed,
       province_raw as province_printed, industry_name, source_file, source_row
from {{ ref('stg_provinces__industry_exports_checked') }}
where reason is null
