-- WHOIS rows that failed (or repeat a domain already staged), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column when 'domain_name' then domain_raw else creation_date_raw end as reject_value,
    domain_raw, creation_date_raw
from {{ ref('stg_web__whois_domains_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('web_whois_domains') }}
