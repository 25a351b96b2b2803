-- HS96 products with their IFR industry, robot use (treat_h), Lall class and intensity group.
-- lall_class / factor_intensity: the product's class when it has exactly one (else NULL);
-- is_labour / is_capital / is_technology: membership, possibly in several groups.
with lall as (
    select hs6,
           case when count(distinct lall_class) = 1 then min(lall_class) end as lall_class,
           case when count(distinct factor_intensity) = 1 then min(factor_intensity) end as factor_intensity,
           bool_or(factor_intensity = 'labour') as is_labour,
           bool_or(factor_intensity = 'capital') as is_capital,
           bool_or(factor_intensity = 'technology') as is_technology
    from {{ ref('int_product__lall_links') }}
    group by 1
)
select
    p.hs6, p.description, left(p.hs6, 2) as hs2, left(p.hs6, 4) as hs4,
    i.ifr_code, ind.ifr_name,
    coalesce(r.uses_robots, false)::integer as treat,
    l.lall_class, l.factor_intensity,
    coalesce(l.is_labour, false) as is_labour,
    coalesce(l.is_capital, false) as is_capital,
    coalesce(l.is_technology, false) as is_technology
from {{ ref('stg_baci__products') }} p
left join {{ ref('int_product__ifr_industry') }} i using (hs6)
left join {{ ref('ifr_industries') }} ind on i.ifr_code = ind.ifr_code
left join {{ ref('int_product__robot_use') }} r on i.ifr_code = r.ifr_code
left join lall l using (hs6)
