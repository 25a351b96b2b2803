-- Trade intermediaries among customs firms, by name and by registered industry: one row per
-- customs enterprise code with
--   name_akw5 / name_akw7 / name_broad16   one of the code's names (any year) contains a
--                                          keyword of that list (seed intermediary_keywords)
--   registry_wholesale_retail              the code's firm is linked to a credit-registry
--                                          enterprise in 批发业 / 零售业 (paper 004)
--   is_intermediary                        by var firm_intermediary_rule (keywords with the
--                                          list of var firm_intermediary_keywords | registry | either)
{%- set lists = ['akw5', 'akw7', 'broad16'] %}
{%- set chosen = var('firm_intermediary_keywords') %}
{%- if chosen not in lists %}
{{ exceptions.raise_compiler_error("var firm_intermediary_keywords must be one of " ~ lists ~ ", got " ~ chosen) }}
{%- endif %}
with hits as (
    select n.firm_code,
        {%- for l in lists %}
        max(case when k.variant = '{{ l }}' then 1 else 0 end) = 1 as name_{{ l }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_customs__firm_names') }} n
    join {{ ref('intermediary_keywords') }} k on n.name_key like '%' || k.keyword || '%'
    group by n.firm_code
),

registry_enterprises as (
    select distinct enterprise_key, is_wholesale_retail from {{ ref('int_firm__registry_names') }}
),

registry as (
    select a.firm_id, max(case when e.is_wholesale_retail then 1 else 0 end) = 1 as is_wholesale_retail
    from {{ ref('int_firm__assn_registry_firm') }} a
    join registry_enterprises e using (enterprise_key)
    where a.decision = 'linked'
    group by a.firm_id
),

flags as (
    select
        f.firm_code, f.firm_id,
        {%- for l in lists %}
        coalesce(h.name_{{ l }}, false) as name_{{ l }},
        {%- endfor %}
        r.is_wholesale_retail as registry_wholesale_retail,
        r.firm_id is not null as registry_linked
    from {{ ref('int_firm__customs_firm_ids') }} f
    left join hits h on f.firm_code = h.firm_code
    left join registry r on f.firm_id = r.firm_id
)

select
    *,
    {%- if var('firm_intermediary_rule') == 'keywords' %}
    name_{{ chosen }} as is_intermediary
    {%- elif var('firm_intermediary_rule') == 'registry' %}
    coalesce(registry_wholesale_retail, false) as is_intermediary
    {%- elif var('firm_intermediary_rule') == 'either' %}
    name_{{ chosen }} or coalesce(registry_wholesale_retail, false) as is_intermediary
    {%- else %}
    {{ exceptions.raise_compiler_error("var firm_intermediary_rule must be keywords | registry | either") }}
    {%- endif %}
from flags
