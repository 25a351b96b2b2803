-- Provincial IPR development indices (中国知识产权发展状况评价报告), one row per province x data
-- year: composite, creation, use, protection, environment (0-100).
select province_code, year, ipr_composite, ipr_creation, ipr_use, ipr_protection, ipr_environment,
       province_raw as province_printed, source_file, source_row
from {{ ref('stg_institutions__ipr_checked') }}
where reason is null
