-- Each HS96 product's IFR industry: the longest matching prefix of seed hs96_ifr_industry.
select p.hs6, m.ifr_code, length(m.hs_prefix) as matched_prefix_length
from {{ ref('stg_baci__products') }} p
join {{ ref('hs96_ifr_industry') }} m on starts_with(p.hs6, m.hs_prefix)
qualify row_number() over (partition by p.hs6 order by length(m.hs_prefix) desc) = 1
