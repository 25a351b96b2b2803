-- Entropy weights of the digital-technology indicators (paper 003 Table 1; the paper prints no
-- weights). Per indicator j over the n normalised values x' of its weight group (all study
-- province-years, or one year with pdt_entropy_weighting = yearly):
--   p = (x' + shift) / sum(x' + shift);  e_j = -sum(p ln p) / ln n  (0 ln 0 = 0);
--   d_j = 1 - e_j;  w_j = d_j / sum_j d_j.
with n as (
    select *, x_norm + {{ var('pdt_entropy_shift') }} as xs
    from {{ ref('int_dig__normalised') }}
),

p as (
    select *, xs / sum(xs) over (partition by indicator_code, weight_group) as p
    from n
),

e as (
    select
        indicator_code, weight_group, count(*) as n_obs, min(x) as x_min, max(x) as x_max,
        -sum(case when p > 0 then p * ln(p) else 0 end) / ln(count(*)) as entropy,
        count(*) filter (where fill_method <> 'observed') as n_filled
    from p
    group by all
)

select
    e.weight_group, {{ 'e.weight_group' if var('pdt_entropy_weighting') == 'yearly' else 'null::integer' }} as year,
    i.dimension_code, i.dimension_cn, i.indicator_code, i.paper_name_cn, i.name_en, i.canonical_unit,
    e.n_obs, e.n_filled, e.x_min, e.x_max, e.entropy, 1 - e.entropy as redundancy,
    (1 - e.entropy) / sum(1 - e.entropy) over (partition by e.weight_group) as weight,
    i.sort_order
from e
join {{ ref('yearbook_indicators') }} i using (indicator_code)
order by e.weight_group, i.sort_order
