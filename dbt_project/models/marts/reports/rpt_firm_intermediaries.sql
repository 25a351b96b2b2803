{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- Trade-intermediary flags of customs firms (int_firm__intermediary_flags), one row per flag:
-- name keyword lists akw5 / akw7 / broad16 (seed intermediary_keywords), the registry's
-- wholesale / retail industry, and is_intermediary (vars firm_intermediary_keywords,
-- firm_intermediary_rule). How many customs codes each flags and their share of direct
-- exports; with a synthetic universe's answer key (truth firms of kind 'intermediary'),
-- precision and recall of each flag over the customs codes (NULL without truth files).
with truth_kinds as (
    select distinct customs_code, kind from {{ ref('stg_truth__firms') }}
),
flags as (
    select f.firm_code, f.name_akw5, f.name_akw7, f.name_broad16,
           coalesce(f.registry_wholesale_retail, false) as registry_wholesale_retail, f.is_intermediary,
           c.export_value_usd, t.kind
    from {{ ref('int_firm__intermediary_flags') }} f
    join {{ ref('int_customs__firms') }} c using (firm_code)
    left join truth_kinds t on f.firm_code = t.customs_code
),
long as (
    {%- for flag in ['name_akw5', 'name_akw7', 'name_broad16', 'registry_wholesale_retail', 'is_intermediary'] %}
    select '{{ flag }}' as flag, {{ loop.index }} as flag_order, {{ flag }} as flagged, export_value_usd, kind
    from flags
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)
select
    flag, flag_order,
    count(*) as n_customs_codes,
    sum(case when flagged then 1 else 0 end) as n_flagged,
    sum(case when flagged then export_value_usd else 0 end) / nullif(sum(export_value_usd), 0) as export_share_flagged,
    case when count(kind) > 0 then sum(case when kind = 'intermediary' then 1 else 0 end) end as n_true_intermediaries,
    case when count(kind) > 0 then sum(case when flagged and kind = 'intermediary' then 1 else 0 end) end
        as n_true_positive,
    case when count(kind) > 0 then cast(sum(case when flagged and kind = 'intermediary' then 1 else 0 end) as double)
        / nullif(sum(case when flagged and kind is not null then 1 else 0 end), 0) end as precision,
    case when count(kind) > 0 then cast(sum(case when flagged and kind = 'intermediary' then 1 else 0 end) as double)
        / nullif(sum(case when kind = 'intermediary' then 1 else 0 end), 0) end as recall
from long
group by flag, flag_order
