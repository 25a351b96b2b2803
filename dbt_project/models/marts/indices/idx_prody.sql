-- Within-China PRODY of paper 003 (eq. 4, after Hausmann, Hwang & Rodrik 2007), industry x year:
--   prody_kt = sum_i [ (x_ikt / X_it) / sum_i (x_ikt / X_it) ] * pgdp_it
-- over the study provinces (the sum over i runs over the 30 provinces, not the world), pgdp in
-- current yuan; var pdt_tsi_form = ln_pgdp uses ln(pgdp) instead (then TSI is not logged).
{%- set form = var('pdt_tsi_form') %}
{%- if form not in ['log', 'ln_pgdp'] %}
    {{ exceptions.raise_compiler_error("var pdt_tsi_form must be log or ln_pgdp, got " ~ form) }}
{%- endif %}
with s as (
    select *, x_10k_yuan / sum(x_10k_yuan) over (partition by province_code, year) as share
    from {{ ref('int_province__industry_exports') }}
),

w as (
    select *, share / nullif(sum(share) over (partition by industry_code, year), 0) as rca_weight
    from s
)

select
    industry_code, year, any_value(factor_intensity) as factor_intensity,
    sum(rca_weight * {{ 'ln(pgdp)' if form == 'ln_pgdp' else 'pgdp' }}) as prody,
    count(*) filter (where x_10k_yuan > 0) as n_exporting_provinces,
    sum(x_10k_yuan) as exports_10k_yuan
from w
group by all
having sum(x_10k_yuan) > 0
