-- How the HS96 products reached a Lall class: one class, several classes (many-to-many
-- concordance links), or none; and by factor-intensity group.
with per_product as (
    select p.hs6, count(distinct l.lall_class) as n_classes, count(distinct l.factor_intensity) as n_groups,
           min(l.lall_source) as lall_source
    from {{ ref('stg_baci__products') }} p
    left join {{ ref('int_product__lall_links') }} l using (hs6)
    group by 1
)
select
    coalesce(lall_source, 'none') as lall_source,
    count(*) as n_products,
    count(*) filter (where n_classes = 1) as n_one_class,
    count(*) filter (where n_classes > 1) as n_several_classes,
    count(*) filter (where n_groups > 1) as n_several_intensity_groups,
    count(*) filter (where n_classes = 0) as n_unmapped
from per_product
group by 1
order by 1
