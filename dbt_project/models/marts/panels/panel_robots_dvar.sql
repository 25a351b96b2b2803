{{ config(tags=['robots_dvar']) }}  {#- the study tag: tradewh build --study robots_dvar selects +tag:robots_dvar -#}
-- Estimation panel of paper 001 (robots_dvar): firm x year (int_dvar__panel_base: surveyed
-- manufacturing direct exporters passing the cleaning filters, not intermediaries, 2000-2013;
-- DVAR, Robot, controls, mechanisms, linkages, Gap, groups) plus the industry Theil index of
-- DVAR (idx_dvar_dispersion; Table 8 (5)), copies of DVAR, Robot and the controls winsorised
-- at var rdv_winsor_pct / 100 - rdv_winsor_pct (pooled; Table 2 (4)) and industry-year means
-- over the rows with DVAR, Robot and controls, with one marked row per industry-year (Table 2
-- (3)). Checked by expectations/panel_robots_dvar.py; every column is described in the YAML.
{%- set p = var('rdv_winsor_pct') / 100.0 %}
{%- set controls = ['age', 'finance', 'fin_constraints', 'cap_intensity', 'hhi'] %}
with base as (
    select * from {{ ref('int_dvar__panel_base') }}
),

bounds as (
    select
        {%- for c in ['dvar', 'robot'] + controls %}
        {{ quantile_agg(c, p) }} as {{ c }}_lo, {{ quantile_agg(c, 1 - p) }} as {{ c }}_hi{{ ',' if not loop.last }}
        {%- endfor %}
    from base
),

industry_year as (
    select industry, year, count(*) as n_firms_industry_year,
           avg(dvar) as dvar_ind, avg(robot) as robot_ind
           {%- for c in controls %},
           avg({{ c }}) as {{ c }}_ind
           {%- endfor %}
    from base
    where dvar is not null and robot is not null and has_controls
    group by industry, year
),

marked as (
    select firm_id, year,
           row_number() over (partition by industry, year order by firm_id) = 1 as is_first
    from base
    where dvar is not null and robot is not null and has_controls
)

select
    f.*,
    t.theil, t.n_firms as n_theil,
    {%- for c in ['dvar', 'robot'] + controls %}
    case when f.{{ c }} is not null then least(greatest(f.{{ c }}, b.{{ c }}_lo), b.{{ c }}_hi) end as {{ c }}_w,
    {%- endfor %}
    i.dvar_ind, i.robot_ind,
    {%- for c in controls %}
    i.{{ c }}_ind,
    {%- endfor %}
    i.n_firms_industry_year,
    case when coalesce(m.is_first, false) then 1 else 0 end as is_industry_row
from base f
cross join bounds b
left join {{ ref('idx_dvar_dispersion') }} t
    on f.year = t.year and f.{{ var('rdv_theil_level') }} = t.theil_group
left join industry_year i on f.industry = i.industry and f.year = i.year
left join marked m on f.firm_id = m.firm_id and f.year = m.year
order by f.firm_id, f.year
