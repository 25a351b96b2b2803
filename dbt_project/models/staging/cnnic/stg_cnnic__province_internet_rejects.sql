-- CNNIC provincial rows that failed typing or validation, and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '省份' then province_raw when '互联网普及率' then rate_raw
        when '网民数（万人）' then users_raw else source_file
    end as reject_value,
    province_raw, users_raw, rate_raw
from {{ ref('stg_cnnic__province_internet_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('cnnic_province_internet') }}
