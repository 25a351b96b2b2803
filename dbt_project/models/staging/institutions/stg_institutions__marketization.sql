-- Provincial marketisation index (王小鲁-樊纲 total score), one row per province x year; NULL
-- where the report prints a gap.
select province_code, year, market_index, source_file, source_row
from {{ ref('stg_institutions__marketization_checked') }}
where reason is null
