-- NRI rows that failed (malformed ISO3, no indicator, an attribute other than Value/Rank, a
-- duplicate), and lines the parser could not read.
select source_file, source_row, reason, reject_column,
       case reject_column when 'Country ISO3' then iso3 when 'Indicator' then indicator
            when 'Subindicator Type' then attribute else concat_ws(',', iso3, indicator, attribute) end as reject_value
from {{ ref('stg_wef__nri_rows_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('wef_nri') }}
