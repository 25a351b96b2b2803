-- Economies of the World Bank historical income classification (OGHIST).
select country_code, country_name, source_file, source_row
from {{ ref('stg_wdi__income_history_checked') }}
where reason is null
