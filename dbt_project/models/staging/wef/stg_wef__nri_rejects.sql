-- NRI cells that are not a number in 1-7.
select source_file, source_row, reason, cast(edition_year as varchar) as reject_column, value_raw as reject_value, iso3
from {{ ref('stg_wef__nri_checked') }}
where reason is not null
