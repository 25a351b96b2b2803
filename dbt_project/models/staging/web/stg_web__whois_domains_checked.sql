{{ config(materialized='view') }}
-- Every landed WHOIS lookup, typed, with the first reason it fails (NULL = valid). Creation
-- dates come as '2003-05-14T08:21:33Z' (.com), '2003-05-14 08:21:33' (.cn) or '14-May-2003'; an
-- empty creation date is a lookup that found nothing (staged, lookup_status = not_found).
with raw as (
    select
        {{ clean_text('domain_name') }} as domain_raw, {{ clean_text('creation_date') }} as creation_date_raw,
        {{ clean_text('expiration_date') }} as expiration_date_raw, {{ clean_text('registrar') }} as registrar,
        {{ clean_text('org') }} as registrant_org,
        l._source_file as source_file, l._source_row as source_row, i.file_year as crawl_year
    from {{ source('landing', 'web_whois_domains') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'web_whois_domains' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        {{ domain_of('domain_raw') }} as domain,
        {{ parse_date_text('creation_date_raw') }} as creation_date,
        {{ parse_date_text('expiration_date_raw') }} as expiration_date
    from raw
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by domain, check_reason is null order by source_file, source_row) > 1
            then 'duplicate_domain'
    end as reason,
    case when check_reason = 'creation_date_unparseable' then 'creation_date' else 'domain_name' end as reject_column
from (
    select
        *,
        case when creation_date_raw is null then 'not_found' else 'found' end as lookup_status,
        case
            when domain is null or not regexp_full_match(domain, '[a-z0-9-]+([.][a-z0-9-]+)+') then 'domain_malformed'
            when creation_date_raw is not null and creation_date is null then 'creation_date_unparseable'
        end as check_reason
    from typed
) reasoned
