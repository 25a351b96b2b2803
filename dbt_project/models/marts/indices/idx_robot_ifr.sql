{{ config(tags=['robots_dvar']) }}
-- China's robot penetration by IFR industry (leaf) x year (paper 001, eq. PR_jt = MR_jt / L_j,t0):
-- reported, allocated-unspecified and true robots (int_robot__china_stock), the survey
-- employment of the base year (var rdv_robot_base_year: 2000, or 'current'), robots per 10,000
-- workers and exposure = ln(1 + robots per 10,000 workers). The exposure is the synthetic
-- universe's planted regressor (truth_firms/robot_exposure.csv) when the vars keep their
-- defaults. Industries without base-year employment have NULL penetration. exposure_iv: the
-- same with the operational stock of the IFR countries of var rdv_iv_countries (China's workers
-- in the denominator), an instrument for the planted-definition columns.
{%- set base = var('rdv_robot_base_year') %}
{%- set iv = var('rdv_iv_countries') %}
with emp as (
    select ifr_code, year, employment from {{ ref('int_robot__industry_employment') }}
),

foreign_stock as (
    select industry_code as ifr_code, year, sum(coalesce(operational_stock, 0)) as stock
    from {{ ref('stg_ifr__robots') }}
    where country in ({% for c in iv %}'{{ c }}'{{ ', ' if not loop.last }}{% endfor %})
    group by industry_code, year
)

select
    r.ifr_code, r.year, r.is_manufacturing,
    r.installations_reported, r.installations_unspecified_allocated, r.installations_true,
    r.stock_reported, r.stock_unspecified_allocated, r.stock_true,
    {%- if base == 'current' %}
    r.year as employment_base_year,
    {%- else %}
    {{ base }} as employment_base_year,
    {%- endif %}
    e.employment as employment_base,
    case when e.employment > 0 then 10000.0 * r.stock_true / e.employment end as robots_per_10k,
    case when e.employment > 0 then 10000.0 * r.installations_true / e.employment end as installations_per_10k,
    case when e.employment > 0 then {{ ln1p('10000.0 * r.stock_true / e.employment') }} end as exposure,
    f.stock as iv_stock,
    case when e.employment > 0 then {{ ln1p('10000.0 * f.stock / e.employment') }} end as exposure_iv
from {{ ref('int_robot__china_stock') }} r
left join foreign_stock f on r.ifr_code = f.ifr_code and r.year = f.year
left join emp e on e.ifr_code = r.ifr_code
    {%- if base == 'current' %}
    and e.year = r.year
    {%- else %}
    and e.year = {{ base }}
    {%- endif %}
