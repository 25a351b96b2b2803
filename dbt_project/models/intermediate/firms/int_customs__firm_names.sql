-- Names of each customs firm (enterprise code) over time: one row per code x year x name key
-- (firm_name_key), with the records and trade value written under it and whether it is the
-- year's main name (most records, then most value, then the smaller key). A code with
-- several name keys in one year is listed in int_firm__match_ambiguities
-- (customs_code_several_names_in_year); every name takes part in the matching.
with name_keys as (
    select k, {{ firm_name_key('k') }} as name_key
    from (select distinct firm_name_raw as k from {{ ref('int_customs__firm_identities') }})
),

keyed as (
    select i.*, k.name_key
    from {{ ref('int_customs__firm_identities') }} i
    left join name_keys k on i.firm_name_raw = k.k
),

per_name as (
    select firm_code, year, name_key,
           min(firm_name) as firm_name,
           sum(n_records) as n_records, sum(value_usd) as value_usd,
           sum(export_value_usd) as export_value_usd
    from keyed
    where name_key is not null
    group by firm_code, year, name_key
)

select
    firm_code, year, name_key, {{ firm_name_core('name_key') }} as name_core, firm_name,
    left(firm_code, 2) || '0000' as province_code,
    n_records, value_usd, export_value_usd,
    count(*) over (partition by firm_code, year) as n_names_in_year,
    row_number() over (partition by firm_code, year
                       order by n_records desc, value_usd desc, name_key asc) = 1 as is_main_name
from per_name
