-- Rows of the Soderbery elasticity table that failed typing or validation, and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when 'importer' then importer_raw when 'hs4' then hs4_raw when 'sigma' then sigma_raw
        when 'omega' then omega_raw else concat_ws(',', importer_raw, hs4_raw)
    end as reject_value,
    importer_raw, hs4_raw, sigma_raw
from {{ ref('stg_elasticities__soderbery_sigma_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('elasticities_soderbery') }}
