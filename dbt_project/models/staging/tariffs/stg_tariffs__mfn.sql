-- MFN applied duties, simple average over each HS6's national lines, percent; native HS vintage.
select reporter, reporter_name, year, nomen, product_code, duty_pct, source_file, source_row
from {{ ref('stg_tariffs__mfn_checked') }}
where reason is null
