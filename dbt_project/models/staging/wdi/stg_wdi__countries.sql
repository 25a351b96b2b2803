-- WDI economies with region and (current) World Bank income group; aggregates have no region.
select country_code, country_name, region, income_group, currency_unit,
       region is null as is_aggregate, source_file, source_row
from {{ ref('stg_wdi__countries_checked') }}
where reason is null
