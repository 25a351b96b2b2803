{{ config(tags=['robots_dvar']) }}
-- How many firm-years' DVAR (paper 001 eq. 2, idx_firm_dvar) fall below 0, above 1, inside
-- [0, 1] or cannot be computed, by year and exporter type, over the firm-years of
-- panel_robots_dvar, and what var rdv_dvar_bounds did to them (dropped, capped or kept).
-- Also the same counts for dvar_alt (Table 2 (1)).
select
    year, exporter_type,
    count(*) as n_firm_years,
    sum(case when dvar_bound_status = 'inside' then 1 else 0 end) as n_inside,
    sum(case when dvar_bound_status = 'below_0' then 1 else 0 end) as n_below_0,
    sum(case when dvar_bound_status = 'above_1' then 1 else 0 end) as n_above_1,
    sum(case when dvar_bound_status = 'missing' then 1 else 0 end) as n_missing,
    sum(case when dvar is not null then 1 else 0 end) as n_dvar_used,
    sum(case when dvar_alt is not null then 1 else 0 end) as n_dvar_alt_used,
    sum(case when dvar_alt_unbounded < 0 or dvar_alt_unbounded > 1 then 1 else 0 end) as n_dvar_alt_outside,
    '{{ var('rdv_dvar_bounds') }}' as bounds_rule,
    avg(dvar_unbounded) as mean_dvar_unbounded,
    avg(dvar) as mean_dvar
from {{ ref('panel_robots_dvar') }}
group by year, exporter_type
