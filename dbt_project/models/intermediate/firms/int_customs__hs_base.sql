-- Every HS6 code customs records use (in the record year's vintage, H1-H4) -> the base vintage
-- of var firm_hs_base_vintage: H1 (HS1996) through the UN correlation tables when the landing
-- step found them (TRADEWH_REFERENCE_DIR), else the demo seed (int_tariff__hs_concordance);
-- 'native' keeps every code in its own vintage. A code linked to several HS1996 codes (merged
-- or reshuffled) is resolved by var firm_hs_link_rule:
--   family  (default) the code's product family (int_customs__hs_families: the connected
--           component of the links, named by its smallest HS1996 code), weight 1; every code of
--           a family, HS1996 ones included, maps to it, so a product keeps one code across
--           vintages (Pierce & Schott 2012) and no record is split
--   split   spread value and quantity equally over the linked codes (weight 1 / n); invents
--           varieties a firm does not trade
-- hs_link:
--   native      already in the base vintage (or base = native)
--   table       a concordance row
--   identity    demo seed only: a code the small table does not list is taken as unchanged
--   unmapped    official tables do not list the code (kept with hs6_base NULL, counted in
--               rpt_customs_collapse)
{%- set base = var('firm_hs_base_vintage') %}
{%- if base not in ['H1', 'native'] %}
{{ exceptions.raise_compiler_error("var firm_hs_base_vintage must be H1 (the UN tables convert to HS1996) or native, got " ~ base) }}
{%- endif %}
{%- set rule = var('firm_hs_link_rule') %}
{%- if rule not in ['family', 'split'] %}
{{ exceptions.raise_compiler_error("var firm_hs_link_rule must be family or split, got " ~ rule) }}
{%- endif %}
with codes as (
    select distinct hs_vintage, hs6 from {{ ref('stg_customs__transactions') }}
)
{%- if base == 'native' %}
select hs_vintage, hs6, hs6 as hs6_base, 1.0 as weight, 'native' as hs_link, 1 as family_size from codes
{%- else %},
conc as (
    select from_nomen, from_code, to_code, concordance_source,
           1.0 / count(*) over (partition by from_nomen, from_code) as weight
    from (select distinct from_nomen, from_code, to_code, concordance_source
          from {{ ref('int_tariff__hs_concordance') }})
),
is_demo as (
    select coalesce(min(case when concordance_source = 'demo_seed' then 1 else 0 end), 1) = 1 as yes from conc
),
linked as (
select c.hs_vintage, c.hs6, c.hs6 as hs6_base, 1.0 as weight, 'native' as hs_link
from codes c where c.hs_vintage = '{{ base }}'
union all
select c.hs_vintage, c.hs6, t.to_code, t.weight, 'table'
from codes c join conc t on c.hs_vintage = t.from_nomen and c.hs6 = t.from_code
where c.hs_vintage <> '{{ base }}'
union all
select c.hs_vintage, c.hs6,
       case when (select is_demo.yes from is_demo) then c.hs6 end,
       1.0,
       case when (select is_demo.yes from is_demo) then 'identity' else 'unmapped' end
from codes c
where c.hs_vintage <> '{{ base }}'
  and not exists (select 1 from conc t where t.from_nomen = c.hs_vintage and t.from_code = c.hs6)
)
{%- if rule == 'split' %}
select hs_vintage, hs6, hs6_base, weight, hs_link, 1 as family_size from linked
{%- else %}
select distinct l.hs_vintage, l.hs6, coalesce(f.hs6_family, l.hs6_base) as hs6_base, 1.0 as weight,
       l.hs_link, coalesce(f.family_size, case when l.hs6_base is not null then 1 end) as family_size
from linked l
left join {{ ref('int_customs__hs_families') }} f on l.hs6_base = f.hs96
{%- endif %}
{%- endif %}
