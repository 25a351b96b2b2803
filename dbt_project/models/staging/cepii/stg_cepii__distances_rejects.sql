-- dist_cepii rows that failed typing or validation, and lines the parser could not read.
select
    source_file, source_row, reason, reject_column,
    case reject_column when 'iso_o' then iso_o when 'iso_d' then iso_d when 'dist' then dist_raw
        when 'distw' then distw_raw else concat_ws(',', iso_o, iso_d) end as reject_value
from {{ ref('stg_cepii__distances_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('cepii_geodist') }}
