-- 1688.com 诚信通 members -> firms by Chinese name (the member's current name) through
-- int_firm__name_index (macro link_names_to_firms; province from the member's 所在地).
-- One row per staged member row.
with m as (
    select source_file, source_row, crawl_year, member_since_year, company_name_raw,
           {{ firm_name_key('company_name_raw') }} as name_key, province_code
    from {{ ref('stg_web__1688_members') }}
),
linked as (
    {{ link_names_to_firms('m') }}
)
select source_file, source_row, crawl_year, member_since_year, company_name_raw, name_key,
       province_code, firm_id, match_rule, link_status, n_candidate_firms
from linked
