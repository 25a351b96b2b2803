-- The digital-economy IPC table (seed digital_economy_ipc: subclasses, main groups, subgroups
-- and ranges) expanded to the IPC subgroup codes that occur in the staged patents: one row per
-- code and the table entry (most specific) that makes it digital. The scheme's subgroups that
-- no staged patent carries are not listed (no IPC scheme file is read).
select
    ipc_code, ipc_subclass, ipc_main_group,
    min(dig_category_code) as dig_category_code, min(dig_class_code) as dig_class_code,
    min(dig_subclass_code) as dig_subclass_code, min(dig_table_ipc_code) as dig_table_ipc_code,
    min(dig_table_ipc_level) as dig_table_ipc_level, count(distinct application_number) as n_applications
from {{ ref('stg_patents__ipc_codes') }}
where is_digital
group by ipc_code, ipc_subclass, ipc_main_group
