-- Digital-product imports of a firm-year (paper 002 §3.8, after 刘佳琪 & 孙浦阳 2021): an imported
-- HS8 product is digital when (1) its Chinese name contains a keyword of seed
-- digital_import_keywords (the name of its HS heading, seed hs_heading_names_zh, as these customs
-- records carry no 商品名称) and (2) it is not removed by seed digital_import_exclusions, or (3)
-- its HS6 (HS 1996) is an OECD ICT good (seed oecd_ict_goods). Re-imports are excluded upstream.
--   dig_kinds    = ln(1 + distinct digital HS8 products imported)
--   dig_counties = ln(1 + distinct origin countries of those imports)
--   dig_value    = ln(digital import value, USD)
with imports as (
    select f.firm_id, f.year, f.hs8, f.hs6_base, f.partner_iso3, f.value_usd
    from {{ ref('int_customs__flows_annual') }} f
    where f.flow = 'import' and f.firm_id is not null and f.value_usd > 0
      and f.year between {{ var('dpq_start_year') }} and {{ var('dpq_end_year') }}
),

products as (
    select distinct hs8, hs6_base from imports
),

keyword_hits as (
    select distinct p.hs8
    from products p
    join {{ ref('hs_heading_names_zh') }} n on n.hs4 = left(p.hs8, 4)
    join {{ ref('digital_import_keywords') }} k on position(k.keyword in n.name_zh) > 0
    where not exists (select 1 from {{ ref('digital_import_exclusions') }} x where starts_with(p.hs8, x.hs_prefix))
),

digital as (
    select p.hs8, p.hs6_base, p.hs8 in (select h.hs8 from keyword_hits h) as by_keyword,
           p.hs6_base in (select o.hs6 from {{ ref('oecd_ict_goods') }} o) as by_oecd_list
    from products p
)

select
    i.firm_id, i.year,
    count(distinct i.hs8) as n_digital_products,
    count(distinct i.partner_iso3) as n_digital_origins,
    sum(i.value_usd) as digital_import_value_usd,
    count(distinct case when d.by_keyword then i.hs8 end) as n_digital_products_keyword,
    count(distinct case when d.by_oecd_list then i.hs8 end) as n_digital_products_oecd,
    ln(1 + count(distinct i.hs8)) as dig_kinds,
    ln(1 + count(distinct i.partner_iso3)) as dig_counties,
    ln(sum(i.value_usd)) as dig_value
from imports i
join digital d on i.hs8 = d.hs8 and d.hs6_base is not distinct from i.hs6_base
where d.by_keyword or d.by_oecd_list
group by i.firm_id, i.year
