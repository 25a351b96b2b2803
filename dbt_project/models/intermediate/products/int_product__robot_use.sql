{#- Does China use robots in the IFR industry? (paper 000's treat_h)
    An industry is treated when China's IFR installations or operational stock (var
    apq_treat_metric) is positive in any year of [apq_treat_first_year, apq_treat_last_year].
    Aggregates (D, 19-22) and 99 "unspecified" never decide on their own; an industry with no
    Chinese IFR rows at all inherits its parent's status (e.g. 19 -> 19-22). -#}
{%- set metric = var('apq_treat_metric') -%}
with china as (
    select industry_code,
           max(coalesce(installations, 0)) as max_installations,
           max(coalesce(operational_stock, 0)) as max_stock,
           count(*) as n_rows
    from {{ ref('stg_ifr__robots') }}
    where country = 'CHN'
      and year between {{ var('apq_treat_first_year') }} and {{ var('apq_treat_last_year') }}
    group by 1
),
status as (
    select i.ifr_code, i.parent_code, c.n_rows,
        {% if metric == 'installations' -%} c.max_installations > 0
        {%- elif metric == 'stock' -%} c.max_stock > 0
        {%- else -%} (c.max_installations > 0 or c.max_stock > 0) {%- endif %} as uses_robots
    from {{ ref('ifr_industries') }} i
    left join china c on i.ifr_code = c.industry_code
)
select s.ifr_code,
       coalesce(case when s.n_rows is not null then s.uses_robots end,
                case when p.n_rows is not null then p.uses_robots end, false) as uses_robots,
       case when s.n_rows is not null then 'own' when p.n_rows is not null then 'parent' else 'none' end as status_from
from status s
left join status p on s.parent_code = p.ifr_code
where s.ifr_code not in ('D', '99')
