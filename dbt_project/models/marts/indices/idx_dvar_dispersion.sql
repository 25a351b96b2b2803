{{ config(tags=['robots_dvar']) }}
-- DVAR dispersion of paper 001's industries x year over the panel's firm-years (Table 8):
-- firms, mean and highest DVAR, and the Theil-T index of DVAR
--   T_jt = (1/N_jt) sum_i (DVAR_it / mean_jt) ln(DVAR_it / mean_jt)
-- over the firm-years with DVAR > 0 (the log needs it). The group is the industry or the CIC
-- 2002 division (var rdv_theil_level); panel_robots_dvar merges T back to the firm rows.
{%- set level = var('rdv_theil_level') %}
{%- if level not in ['industry', 'cic2'] %}
{{ exceptions.raise_compiler_error("var rdv_theil_level must be industry | cic2, got " ~ level) }}
{%- endif %}
with positive as (
    select year, {{ level }} as theil_group, dvar
    from {{ ref('int_dvar__panel_base') }}
    where dvar > 0
),

means as (
    select theil_group, year, avg(dvar) as mean_dvar, max(dvar) as max_dvar, count(*) as n_firms
    from positive
    group by theil_group, year
)

select
    '{{ level }}' as theil_level, m.theil_group, m.year, m.n_firms, m.mean_dvar, m.max_dvar,
    avg((r.dvar / m.mean_dvar) * ln(r.dvar / m.mean_dvar)) as theil
from positive r
join means m on r.theil_group = m.theil_group and r.year = m.year
group by m.theil_group, m.year, m.n_firms, m.mean_dvar, m.max_dvar
