-- Per raw file: records the parser saw, rows staged, rows rejected (all reasons), lines.
-- Every record ends in exactly one place; the reconciles_with_inventory tests enforce it.
-- Add a line per new source (tests/test_dbt_project.py checks that every source with a
-- reconciles_with_inventory test is listed here).
{%- set staged = {
    'baci_flows': ('stg_baci__flows', 'stg_baci__flows_rejects'),
    'baci_countries': ('stg_baci__countries', 'stg_baci__countries_rejects'),
    'baci_products': ('stg_baci__products', 'stg_baci__products_rejects'),
    'wdi_data': ('stg_wdi__series', 'stg_wdi__series_rejects'),
    'wdi_countries': ('stg_wdi__countries', 'stg_wdi__countries_rejects'),
    'wdi_income_history': ('stg_wdi__income_history', 'stg_wdi__income_history_rejects'),
    'tariffs_wits': ('stg_tariffs__mfn', 'stg_tariffs__mfn_rejects'),
    'ifr_robots': ('stg_ifr__robots', 'stg_ifr__robots_rejects'),
    'province_yearbook': ('stg_provinces__yearbook', 'stg_provinces__yearbook_rejects'),
    'province_industry_exports': ('stg_provinces__industry_exports', 'stg_provinces__industry_exports_rejects'),
    'customs_transactions': ('stg_customs__transactions', 'stg_customs__transactions_rejects'),
    'asif_firms': ('stg_asif__firms', 'stg_asif__firms_rejects'),
    'patents_cnipa': ('stg_patents__applications', 'stg_patents__applications_rejects'),
    'web_alibaba_members': ('stg_web__alibaba_members', 'stg_web__alibaba_members_rejects'),
    'web_made_in_china_members': ('stg_web__made_in_china_members', 'stg_web__made_in_china_members_rejects'),
    'web_1688_members': ('stg_web__1688_members', 'stg_web__1688_members_rejects'),
    'web_icp_filings': ('stg_web__icp_filings', 'stg_web__icp_filings_rejects'),
    'web_whois_domains': ('stg_web__whois_domains', 'stg_web__whois_domains_rejects'),
    'registry_enterprises': ('stg_registry__enterprises', 'stg_registry__enterprises_rejects'),
    'registry_name_changes': ('stg_registry__name_changes', 'stg_registry__name_changes_rejects'),
    'registry_trade_operators': ('stg_registry__trade_operators', 'stg_registry__trade_operators_rejects'),
} %}
with counts as (
    {%- for source, models in staged.items() %}
    select '{{ source }}' as source, source_file, 'staged' as kind, count(*) as n from {{ ref(models[0]) }} group by all
    union all
    select '{{ source }}', source_file, 'rejected', count(*) from {{ ref(models[1]) }} group by all
    {%- if not loop.last %} union all {% endif %}
    {%- endfor %}
)
select
    i.source, i.source_file, i.file_year, i.n_records, i.n_nonblank_lines,
    coalesce(sum(c.n) filter (where c.kind = 'staged'), 0) as n_staged,
    coalesce(sum(c.n) filter (where c.kind = 'rejected'), 0) as n_rejected,
    i.n_records = coalesce(sum(c.n), 0) as reconciles
from {{ ref('stg_landing__file_inventory') }} i
left join counts c on c.source = i.source and c.source_file = i.source_file
group by i.source, i.source_file, i.file_year, i.n_records, i.n_nonblank_lines
order by i.source, i.source_file
