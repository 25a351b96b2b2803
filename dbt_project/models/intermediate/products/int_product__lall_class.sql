-- Each HS96 product's Lall (2000) technology class and factor-intensity group (demo: longest
-- prefix of seed hs96_lall_demo; PP/RB classes have no intensity group).
select p.hs6, m.lall_class, l.factor_intensity
from {{ ref('stg_baci__products') }} p
join {{ ref('hs96_lall_demo') }} m on starts_with(p.hs6, m.hs_prefix)
join {{ ref('lall_intensity') }} l on l.lall_class = m.lall_class
qualify row_number() over (partition by p.hs6 order by length(m.hs_prefix) desc) = 1
