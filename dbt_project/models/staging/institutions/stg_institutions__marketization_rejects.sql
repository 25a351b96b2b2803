-- Marketisation-index cells that are neither a number nor a printed gap.
select source_file, source_row, reason, cast(year as varchar) as reject_column, value_raw as reject_value,
       province_code
from {{ ref('stg_institutions__marketization_checked') }}
where reason is not null
