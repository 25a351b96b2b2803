-- made-in-china.com members -> firms by English name, rules of var firm_english_name_rules (macro
-- english_name_links): english_name, the member's name key = the English name of a
-- foreign-trade operator filing linked to exactly one firm (paper 004's bridge through
-- 对外贸易经营者备案登记); then pinyin, its place + trade name and industry word = the pinyin
-- key of exactly one firm's Chinese name in the member's province. One row per staged member row.
with m as (
    select source_file, source_row, crawl_year, member_since_date, member_since_year, company_name_raw,
           {{ firm_name_key('company_name_raw') }} as name_key, province_code
    from {{ ref('stg_web__made_in_china_members') }}
),
linked as (
    {{ link_names_to_firms('m', index_kind='english', link_type='web_made_in_china') }}
)
select source_file, source_row, crawl_year, member_since_date, member_since_year, company_name_raw, name_key,
       province_code, firm_id, match_rule, link_status, n_candidate_firms, ambiguous_rule
from linked
