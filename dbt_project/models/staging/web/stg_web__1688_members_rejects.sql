-- 1688.com member rows that failed (or repeat a member of the same crawl), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column when '公司名称' then company_name_raw when '诚信通年限' then membership_years_raw
                       else concat_ws(',', company_name_raw, membership_years_raw) end as reject_value,
    company_name_raw, membership_years_raw
from {{ ref('stg_web__1688_members_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('web_1688_members') }}
