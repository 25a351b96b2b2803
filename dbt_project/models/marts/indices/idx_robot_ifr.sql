{{ config(tags=['robots_dvar']) }}
-- China's robot penetration by IFR industry (leaf) x year (paper 001, eq. PR_jt = MR_jt / L_j,t0):
-- reported, allocated-unspecified and true robots (int_robot__china_stock), the survey
-- employment of the base year (var rdv_robot_base_year: 2000, or 'current'), robots per 10,000
-- workers and exposure = ln(1 + robots per 10,000 workers). The exposure is the synthetic
-- universe's planted regressor (truth_firms/robot_exposure.csv) when the vars keep their
-- defaults. Industries without base-year employment have NULL penetration.
{%- set base = var('rdv_robot_base_year') %}
with emp as (
    select ifr_code, year, employment from {{ ref('int_robot__industry_employment') }}
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
    case when e.employment > 0 then {{ ln1p('10000.0 * r.stock_true / e.employment') }} end as exposure
from {{ ref('int_robot__china_stock') }} r
left join emp e on e.ifr_code = r.ifr_code
    {%- if base == 'current' %}
    and e.year = r.year
    {%- else %}
    and e.year = {{ base }}
    {%- endif %}
