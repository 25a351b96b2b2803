-- HS96 products with their IFR industry, robot use (treat_h), Lall class and intensity group.
select
    p.hs6, p.description, left(p.hs6, 2) as hs2, left(p.hs6, 4) as hs4,
    i.ifr_code, ind.ifr_name,
    coalesce(r.uses_robots, false)::integer as treat,
    l.lall_class, l.factor_intensity,
    l.factor_intensity = 'labour' as is_labour,
    l.factor_intensity = 'capital' as is_capital,
    l.factor_intensity = 'technology' as is_technology
from {{ ref('stg_baci__products') }} p
left join {{ ref('int_product__ifr_industry') }} i using (hs6)
left join {{ ref('ifr_industries') }} ind on ind.ifr_code = i.ifr_code
left join {{ ref('int_product__robot_use') }} r on r.ifr_code = i.ifr_code
left join {{ ref('int_product__lall_class') }} l using (hs6)
