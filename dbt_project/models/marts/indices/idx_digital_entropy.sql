-- Dig: the entropy-weighted digital-technology index of paper 003, province x year,
-- Dig = sum_j w_j x'_j (weights: idx_dig_entropy_weights), in [0, 1].
select
    n.province_code, n.year,
    sum(w.weight * n.x_norm) as dig,
    count(*) as n_indicators,
    count(*) filter (where n.fill_method <> 'observed') as n_filled_indicators
from {{ ref('int_dig__normalised') }} n
join {{ ref('idx_dig_entropy_weights') }} w using (indicator_code, weight_group)
group by all
