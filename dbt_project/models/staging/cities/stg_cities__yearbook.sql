-- City statistical-yearbook values, long: one row per city (GB/T 2260 prefecture code, 6
-- digits) x year x indicator x scope (city = 全市, districts = 市辖区), value in the indicator's
-- canonical unit (seed city_yearbook_indicators); NULL where the yearbook printed a gap.
select
    city_code, left(city_code, 2) || '0000' as province_code, year, indicator_code, scope, value,
    value is not null as is_published, value_printed, unit_raw as unit_printed, city_name_raw as city_printed,
    indicator_raw as indicator_printed, source_file, source_row
from {{ ref('stg_cities__yearbook_checked') }}
where reason is null
