{{ config(materialized='view') }}
-- Every landed row of the TCdata360 NRI download (economy x indicator x attribute, wide by
-- edition year), with the first reason it fails (NULL = valid).
with typed as (
    select upper({{ clean_text('"Country ISO3"') }}) as iso3, {{ clean_text('"Country Name"') }} as country_name,
           {{ clean_text('"Indicator"') }} as indicator, {{ clean_text('"Subindicator Type"') }} as attribute,
           _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'wef_nri') }}
),

reasoned as (
    select *,
        case when iso3 is null or not regexp_full_match(iso3, '[A-Z]{3}') then 'iso3_malformed'
             when indicator is null then 'indicator_missing'
             when attribute is null or attribute not in ('Value', 'Rank') then 'attribute_unknown' end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by iso3, indicator, attribute, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_row'
    end as reason,
    case check_reason
        when 'iso3_malformed' then 'Country ISO3'
        when 'indicator_missing' then 'Indicator'
        when 'attribute_unknown' then 'Subindicator Type'
        else 'Country ISO3,Indicator,Subindicator Type'
    end as reject_column
from reasoned
