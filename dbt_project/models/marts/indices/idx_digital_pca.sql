-- Dig_PCA (paper 003 Table 7): sum over the kept components k of weight_k * F_k, where
-- F_k = sum_j loading_jk * z_j / sqrt(eigenvalue_k) is the unit-variance component score and
-- z_j the indicator z-scored over all study province-years (idx_dig_pca_loadings).
select
    n.province_code, n.year,
    sum(l.weight * l.loading * (n.x - l.mean) / l.sd / sqrt(l.eigenvalue)) as dig_pca
from {{ ref('int_dig__normalised') }} n
join {{ ref('idx_dig_pca_loadings') }} l using (indicator_code)
where l.retained
group by all
