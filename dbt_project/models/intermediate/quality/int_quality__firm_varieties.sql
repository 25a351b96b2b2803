-- The KSW estimation input of paper 002 (§3.1): every export variety (firm x HS6 x destination
-- x year) of the matched firms with a positive quantity in the product's main unit, years
-- dpq_start_year - 1 (exiting products' quality is measured a year back) to dpq_end_year:
--   ln_p = ln unit value (USD per unit), ln_q = ln quantity,
--   ln_p_loo = the firm's mean ln_p of the same product and year in its other destinations
--              (施炳展 2014's instrument; NULL when the firm sold the product to one destination),
--   ln_rgdp = ln real GDP of the firm's region (var dpq_region_level; the variety control).
-- The full matched export universe enters (paper ambiguity A8), not only the study's firms.
with v as (
    select p.firm_id, p.hs6, p.iso3, p.year, p.value_main_unit_usd as value_usd, p.quantity_main_unit as quantity
    from {{ ref('int_trade__firm_export_products') }} p
    where p.year between {{ var('dpq_start_year') }} - 1 and {{ var('dpq_end_year') }}
      and p.quantity_main_unit > 0 and p.value_main_unit_usd > 0
),

priced as (
    select *, ln(value_usd / quantity) as ln_p, ln(quantity) as ln_q
    from v
)

select
    p.firm_id, p.hs6, p.iso3, p.year, p.value_usd, p.quantity, p.ln_p, p.ln_q,
    case when count(*) over (partition by p.firm_id, p.hs6, p.year) > 1
         then (sum(p.ln_p) over (partition by p.firm_id, p.hs6, p.year) - p.ln_p)
              / (count(*) over (partition by p.firm_id, p.hs6, p.year) - 1)
    end as ln_p_loo,
    r.ln_rgdp
from priced p
left join {{ ref('dim_firm') }} d on p.firm_id = d.firm_id
left join {{ ref('int_region__controls') }} r on d.city_code = r.city_code and p.year = r.year
