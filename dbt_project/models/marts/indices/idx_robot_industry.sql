{{ config(tags=['robots_dvar']) }}
-- Robot penetration of paper 001's industries (var rdv_industry_groups: the 14 groups, or the
-- 15 IFR leaves) x year: PR_jt = rdv_robot_per_workers x MR_jt / L_j,t0 with MR the true
-- operational stock or installations (var rdv_robot_measure) and L the base-year survey
-- employment (var rdv_robot_base_year), summed over the group's IFR leaves (idx_robot_ifr);
-- `pr` is PR or ln(1 + PR) (var rdv_robot_transform). pr_iv: the same with the robots of the
-- IFR countries of var rdv_iv_countries (Table 2 (5) instrument; China's workers in the
-- denominator, foreign employment is not in the raw data).
{%- set groups = var('rdv_industry_groups') %}
{%- set measure = var('rdv_robot_measure') %}
{%- set transform = var('rdv_robot_transform') %}
{%- set per = var('rdv_robot_per_workers') %}
{%- if measure not in ['stock', 'installations'] %}
{{ exceptions.raise_compiler_error("var rdv_robot_measure must be stock | installations, got " ~ measure) }}
{%- endif %}
{%- if transform not in ['level', 'ln1p'] %}
{{ exceptions.raise_compiler_error("var rdv_robot_transform must be level | ln1p, got " ~ transform) }}
{%- endif %}
{%- set iv = var('rdv_iv_countries') %}
with leaf as (
    select
        {%- if groups == 'ifr14' %} g.group_code {%- else %} g.ifr_code {%- endif %} as industry,
        r.*
    from {{ ref('idx_robot_ifr') }} r
    join {{ ref('ifr_industry_groups') }} g on r.ifr_code = g.ifr_code
),

industry as (
    select industry, year, count(*) as n_ifr_industries,
           sum(stock_true) as stock_true, sum(installations_true) as installations_true,
           sum(employment_base) as employment_base
    from leaf
    group by industry, year
),

foreign_robots as (
    select
        {%- if groups == 'ifr14' %} g.group_code {%- else %} g.ifr_code {%- endif %} as industry,
        f.year,
        sum(coalesce(f.operational_stock, 0)) as stock, sum(coalesce(f.installations, 0)) as installations
    from {{ ref('stg_ifr__robots') }} f
    join {{ ref('ifr_industry_groups') }} g on f.industry_code = g.ifr_code
    where f.country in ({% for c in iv %}'{{ c }}'{{ ', ' if not loop.last }}{% endfor %})
    group by {% if groups == 'ifr14' %}g.group_code{% else %}g.ifr_code{% endif %}, f.year
),

rates as (
    select
        i.*,
        case when i.employment_base > 0 then {{ per }} * i.{{ measure }}_true / i.employment_base end as pr_raw,
        case when i.employment_base > 0 then 10000.0 * i.stock_true / i.employment_base end as robots_per_10k,
        case when i.employment_base > 0 then {{ per }} * f.{{ measure }} / i.employment_base end as pr_iv_raw
    from industry i
    left join foreign_robots f on i.industry = f.industry and i.year = f.year
)

select
    industry, year, n_ifr_industries, stock_true, installations_true, employment_base,
    robots_per_10k, {{ ln1p('robots_per_10k') }} as exposure,
    pr_raw,
    {%- if transform == 'ln1p' %}
    {{ ln1p('pr_raw') }} as pr, {{ ln1p('pr_iv_raw') }} as pr_iv
    {%- else %}
    pr_raw as pr, pr_iv_raw as pr_iv
    {%- endif %}
from rates
