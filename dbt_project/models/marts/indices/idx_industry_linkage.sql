{{ config(tags=['robots_dvar']) }}
-- Upstream and downstream robot linkages of paper 001's industries x year (Table 7, after
-- Wang & Dong 2020; the paper prints no formula):
--   for_link_jt  = sum_k w_in_kj  PR_kt,  w_in_kj  = Z_kj / TII_j (share of j's intermediate
--                  inputs bought from industry k): robots of j's suppliers (上游产业链传导)
--   back_link_jt = sum_k w_out_jk PR_kt,  w_out_jk = Z_jk / TIU_j (share of j's intermediate
--                  output sold to industry k): robots of j's buyers (下游产业链传导)
-- over the other industries k <> j (var rdv_io_include_own), Z from int_io__industry_flows of
-- the table of var rdv_io_table_year (a fixed table year, or 'latest': the latest table not
-- after the year, else the earliest), PR = idx_robot_industry.pr.
{%- set table_year = var('rdv_io_table_year') %}
{%- set own = var('rdv_io_include_own') %}
with years as (
    select distinct industry, year from {{ ref('idx_robot_industry') }}
),
{%- if table_year == 'latest' %}

tables as (
    select distinct table_year from {{ ref('int_io__industry_flows') }}
),
{%- endif %}

chosen as (
    select y.industry, y.year,
    {%- if table_year == 'latest' %}
        coalesce((select max(t.table_year) from tables t where t.table_year <= y.year),
                 (select min(t.table_year) from tables t)) as table_year
    {%- else %}
        {{ table_year }} as table_year
    {%- endif %}
    from years y
),

up as (
    select c.industry, c.year, c.table_year,
           sum(f.flow_10k_yuan / nullif(f.to_total_inputs_10k_yuan, 0) * r.pr) as for_link,
           sum(f.flow_10k_yuan / nullif(f.to_total_inputs_10k_yuan, 0)) as for_weight_sum
    from chosen c
    join {{ ref('int_io__industry_flows') }} f on c.table_year = f.table_year and c.industry = f.to_industry
    join {{ ref('idx_robot_industry') }} r on f.from_industry = r.industry and c.year = r.year
    {%- if not own %}
    where f.from_industry <> c.industry
    {%- endif %}
    group by c.industry, c.year, c.table_year
),

down as (
    select c.industry, c.year,
           sum(f.flow_10k_yuan / nullif(f.from_total_use_10k_yuan, 0) * r.pr) as back_link,
           sum(f.flow_10k_yuan / nullif(f.from_total_use_10k_yuan, 0)) as back_weight_sum
    from chosen c
    join {{ ref('int_io__industry_flows') }} f on c.table_year = f.table_year and c.industry = f.from_industry
    join {{ ref('idx_robot_industry') }} r on f.to_industry = r.industry and c.year = r.year
    {%- if not own %}
    where f.to_industry <> c.industry
    {%- endif %}
    group by c.industry, c.year
)

select c.industry, c.year, c.table_year as io_table_year,
       u.for_link, u.for_weight_sum, d.back_link, d.back_weight_sum
from chosen c
left join up u on c.industry = u.industry and c.year = u.year
left join down d on c.industry = d.industry and c.year = d.year
