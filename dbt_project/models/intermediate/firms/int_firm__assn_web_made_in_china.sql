-- made-in-china.com members -> firms by English name: the member's English name key (firm_name_key) = the
-- English name of a foreign-trade operator filing linked to exactly one firm
-- (int_firm__english_name_index; paper 004's bridge through 对外贸易经营者备案登记). One row per
-- staged member row.
with m as (
    select source_file, source_row, crawl_year, member_since_date, member_since_year, company_name_raw,
           {{ firm_name_key('company_name_raw') }} as name_key
    from {{ ref('stg_web__made_in_china_members') }}
),
linked as (
    {{ link_names_to_firms('m', index_kind='english') }}
)
select source_file, source_row, crawl_year, member_since_date, member_since_year, company_name_raw, name_key,
       firm_id, match_rule, link_status, n_candidate_firms
from linked
