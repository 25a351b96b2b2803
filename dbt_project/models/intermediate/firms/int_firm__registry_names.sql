-- Every name a registry enterprise has carried, one row per enterprise x name key: the
-- current name and the former names (曾用名) of the credit registry, and both sides of the
-- dated name changes (变更记录, matched on the credit code or registration number). An
-- enterprise is keyed by its unified social credit code, else its registration number.
-- n_enterprises says how many enterprises carry the name key: only keys of one enterprise
-- bridge two names of the same firm (rule registry_name).
with ent as (
    select coalesce(uscc, registration_number) as enterprise_key, uscc, registration_number,
           firm_name_raw, former_names_raw, organization_code, province_code, industry_name,
           is_wholesale_retail, status_group
    from {{ ref('stg_registry__enterprises') }}
),

names as (
    select enterprise_key, firm_name_raw as name_raw, 'current' as name_role, cast(null as date) as change_date
    from ent
    union all
    select enterprise_key, {{ split_list_rows('former_names_raw') }}, 'former', cast(null as date)
    from ent where former_names_raw is not null
    union all
    select e.enterprise_key, c.before_raw, 'change_before', c.change_date
    from {{ ref('stg_registry__name_changes') }} c
    join ent e on e.enterprise_key = coalesce(c.uscc, c.registration_number)
    where c.change_type = 'name'
    union all
    select e.enterprise_key, c.after_raw, 'change_after', c.change_date
    from {{ ref('stg_registry__name_changes') }} c
    join ent e on e.enterprise_key = coalesce(c.uscc, c.registration_number)
    where c.change_type = 'name'
),

keyed as (
    select enterprise_key, {{ firm_name_key('name_raw') }} as name_key, name_role, change_date
    from names
),

per_name as (
    select enterprise_key, name_key,
           -- the most telling role when a key appears in several roles
           min(case name_role when 'current' then 1 when 'change_after' then 2
                              when 'change_before' then 3 else 4 end) as role_rank,
           min(change_date) as first_change_date
    from keyed
    where name_key is not null
    group by enterprise_key, name_key
)

select
    p.enterprise_key, p.name_key, {{ firm_name_core('p.name_key') }} as name_core,
    case p.role_rank when 1 then 'current' when 2 then 'change_after' when 3 then 'change_before'
                     else 'former' end as name_role,
    p.first_change_date,
    count(*) over (partition by p.name_key) as n_enterprises,
    e.organization_code, e.province_code, e.industry_name, e.is_wholesale_retail, e.status_group
from per_name p
join ent e using (enterprise_key)
