-- Provincial yearbook values, long: one row per province (GB/T 2260) x year x indicator, in the
-- indicator's canonical unit (seed yearbook_indicators); value NULL where the yearbook printed a
-- gap. Province 000000 carries national rows (the RMB/USD rate).
select
    province_code, year, indicator_code, value, value_printed, unit_raw as unit_printed, to_canonical,
    value is not null as is_published, province_raw as province_printed,
    indicator_raw as indicator_printed, publication, source_file, source_row
from {{ ref('stg_provinces__yearbook_checked') }}
where reason is null
