-- Name key -> firm for the name lists (patent applicants, 1688 members, ICP organisers, trade
-- operators): every name a firm used in the survey or customs, and every name (current,
-- former, dated change) of its linked registry enterprise.
--   key_kind = 'name'                 key = the name key
--   key_kind = 'name_core_province'   key = province-free core || '|' || the firm's province:
--                                     a name written with or without its province matches
--                                     only a firm of that province
-- A key carried by several firms identifies none of them: such rows keep firm_id NULL and the
-- records that hit them become ambiguities (name_maps_to_several_firms).
with names as (
    {{ firm_names_with_registry() }}
),

keyed as (
    select distinct 'name' as key_kind, name_key as key, firm_id, name_source
    from names
    union all
    select distinct 'name_core_province', name_core || '|' || province_code, firm_id, name_source
    from names where name_core is not null and province_code is not null
),

sources as (
    select key_kind, key, {{ dbt.listagg('name_source', "','", 'order by name_source') }} as name_sources
    from (select distinct key_kind, key, name_source from keyed) d
    group by key_kind, key
),

firms as (
    select key_kind, key, count(distinct firm_id) as n_firms, min(firm_id) as any_firm_id
    from keyed
    group by key_kind, key
)

select f.key_kind, f.key, f.n_firms, case when f.n_firms = 1 then f.any_firm_id end as firm_id,
       s.name_sources
from firms f
join sources s using (key_kind, key)
