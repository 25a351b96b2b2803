-- KSW quality of every export variety (firm x HS6 x destination x year) of paper 002 (eqs. 5-7):
--   quality = eps / (sigma - 1),  eps = ln q + sigma ln p - phi ln RGDP - chi_mt
-- with sigma and phi of the product (int_quality__ksw_products; sigma_method iv or fixed) and
-- chi_mt the destination-year effect of the product, the mean of ln q + sigma ln p - phi ln RGDP
-- over the cell's rows in the estimation sample (for those rows eps is exactly the regression
-- residual; varieties outside it, e.g. sold to one destination only under iv, take their cell's
-- effect). quality_fixed is the same with sigma imposed for every product (var dpq_sigma_fixed).
-- r_qua / r_qua_fixed: min-max standardised within the HS6 product over all firms, destinations
-- and years (var dpq_quality_std_grouping: hs6 | hs6_year), eq. 7; inv_range the factor; a product
-- whose quality range is below 1e-6 (ln lambda units) has none.
{%- set grouping = 'partition by hs6' if var('dpq_quality_std_grouping') == 'hs6' else 'partition by hs6, year' %}
{#- a product whose quality range is rounding noise (e.g. two varieties in one cell, residuals
    equal up to 1e-14) has no standardised quality -#}
{%- set min_range = 1e-6 %}
with v as (
    select v.*, p.sigma_method, p.sigma_used, p.phi_used, p.sigma_fixed, p.phi_fixed
    from {{ ref('int_quality__firm_varieties') }} v
    join {{ ref('int_quality__ksw_products') }} p using (hs6)
    where v.ln_rgdp is not null
),

flagged as (
    select *,
        count(*) filter (where ln_p_loo is not null) over (partition by hs6, iso3, year) as n_cell_iv,
        count(*) over (partition by hs6, iso3, year) as n_cell
    from v
),

est as (
    select *,
        case sigma_method when 'iv' then ln_p_loo is not null and n_cell_iv > 1
                          when 'fixed' then n_cell > 1 else false end as in_estimation,
        n_cell > 1 as in_estimation_fixed,
        ln_q + sigma_used * ln_p - phi_used * ln_rgdp as y_used,
        ln_q + sigma_fixed * ln_p - phi_fixed * ln_rgdp as y_fixed
    from flagged
),

eps as (
    select *,
        y_used - avg(case when in_estimation then y_used end) over (partition by hs6, iso3, year) as eps,
        y_fixed - avg(case when in_estimation_fixed then y_fixed end) over (partition by hs6, iso3, year) as eps_fixed
    from est
),

q as (
    select *, eps / (sigma_used - 1) as quality, eps_fixed / (sigma_fixed - 1) as quality_fixed
    from eps
)

select
    firm_id, hs6, iso3, year, value_usd, quantity, ln_p, ln_q, ln_p_loo, ln_rgdp,
    sigma_method, sigma_used, in_estimation, eps, quality, quality_fixed,
    {{ minmax_within('quality', grouping, min_range) }} as r_qua,
    {{ minmax_within('quality_fixed', grouping, min_range) }} as r_qua_fixed,
    {{ minmax_inverse_range('quality', grouping, min_range) }} as inv_range,
    {{ minmax_inverse_range('quality_fixed', grouping, min_range) }} as inv_range_fixed
from q
