-- Every HS6 code customs records use (in the record year's vintage, H1-H4) -> the base vintage
-- of var firm_hs_base_vintage: H1 (HS1996) through the UN conversion tables when the landing
-- step found them (TRADEWH_REFERENCE_DIR), else the demo seed (int_tariff__hs_concordance);
-- 'native' keeps every code in its own vintage. A code split over several base codes (1:n)
-- spreads its value and quantity equally (weight = 1 / number of targets). hs_link:
--   native      already in the base vintage (or base = native)
--   table       a concordance row
--   identity    demo seed only: a code the small table does not list is taken as unchanged
--   unmapped    official tables do not list the code (kept with hs6_base NULL, counted in
--               rpt_customs_collapse)
{%- set base = var('firm_hs_base_vintage') %}
{%- if base not in ['H1', 'native'] %}
{{ exceptions.raise_compiler_error("var firm_hs_base_vintage must be H1 (the UN tables convert to HS1996) or native, got " ~ base) }}
{%- endif %}
with codes as (
    select distinct hs_vintage, hs6 from {{ ref('stg_customs__transactions') }}
)
{%- if base == 'native' %}
select hs_vintage, hs6, hs6 as hs6_base, 1.0 as weight, 'native' as hs_link from codes
{%- else %},
conc as (
    select from_nomen, from_code, to_code, concordance_source,
           1.0 / count(*) over (partition by from_nomen, from_code) as weight
    from (select distinct from_nomen, from_code, to_code, concordance_source
          from {{ ref('int_tariff__hs_concordance') }})
),
is_demo as (
    select coalesce(min(case when concordance_source = 'demo_seed' then 1 else 0 end), 1) = 1 as yes from conc
)
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
{%- endif %}
