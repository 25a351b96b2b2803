-- alibaba.com member rows that failed (or repeat a member of the same crawl), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column when 'Company Name' then company_name_raw when 'Member Since' then member_since_raw
                       else concat_ws(',', company_name_raw, member_since_raw) end as reject_value,
    company_name_raw, member_since_raw
from {{ ref('stg_web__alibaba_members_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('web_alibaba_members') }}
