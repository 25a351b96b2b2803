{{ config(tags=['truth']) }}
-- Evaluation only: the names the data tie to each true firm, the yardstick of "traceable" for
-- the name lists. name_kind:
--   chinese   name keys (with core and province) of the firm's survey records and customs
--             codes, and all names of its registry rows that the data tie to the firm (the
--             row's organisation code is a legal code of the firm's survey records, or one of
--             its names is a survey / customs name of the firm)
--   english   English name keys of its trade-operator filings that the data tie to the firm
--             (organisation code, or Chinese name / core in the province)
-- traceable_unit rows list those registry rows and filings (unit_type, unit_key).
with tu as (
    select * from {{ ref('int_firm__truth_units') }}
),
srec as (
    select * from {{ ref('int_firm__truth_survey_records') }}
),
code_uid as (
    select unit_key as firm_code, firm_uid from tu where unit_type = 'customs_code'
),
reg_names as (
    select * from {{ ref('int_firm__registry_names') }}
),
uid_codes as (
    select distinct firm_uid, legal_code_key from srec where legal_code_key is not null
),
uid_data_names as (  -- names the true firm carries in the survey and customs data
    select distinct firm_uid, name_key, name_core, province_code from srec where name_key is not null
    union
    select distinct u.firm_uid, n.name_key, n.name_core, n.province_code
    from {{ ref('int_customs__firm_names') }} n join code_uid u using (firm_code)
),
reg_traceable as (   -- registry enterprises of a true firm that the data tie to that firm
    select distinct t.unit_key as enterprise_key, t.firm_uid
    from tu t
    join reg_names n on t.unit_key = n.enterprise_key
    where t.unit_type = 'registry_enterprise'
      and (exists (select 1 from uid_codes c where c.firm_uid = t.firm_uid and c.legal_code_key = n.organization_code)
           or exists (select 1 from uid_data_names d where d.firm_uid = t.firm_uid and d.name_key = n.name_key))
),
uid_names as (
    select firm_uid, name_key, name_core, province_code from uid_data_names
    union
    select r.firm_uid, n.name_key, n.name_core, n.province_code
    from reg_traceable r join reg_names n using (enterprise_key)
),
ops as (
    select o.filing_number, {{ legal_code_key('o.organization_code') }} as organization_code,
           {{ firm_name_key('o.firm_name_raw') }} as name_key, {{ firm_name_key('o.english_name') }} as english_key,
           {{ province_code_of_prefix('o.address') }} as address_province, t.firm_uid
    from {{ ref('stg_registry__trade_operators') }} o
    join tu t on t.unit_type = 'trade_operator' and o.filing_number = t.unit_key
),
op_traceable as (
    select o.* from ops o
    where exists (select 1 from uid_codes c where c.firm_uid = o.firm_uid and c.legal_code_key = o.organization_code)
       or exists (select 1 from uid_names d where d.firm_uid = o.firm_uid
                  and (d.name_key = o.name_key
                       or (d.name_core = {{ firm_name_core('o.name_key') }}
                           and d.province_code
                               = coalesce({{ province_code_of_prefix('o.name_key') }}, o.address_province))))
),
uid_english as (
    select distinct firm_uid, english_key from op_traceable where english_key is not null
)

select 'chinese' as name_kind, firm_uid, name_key, name_core, province_code,
       cast(null as varchar) as unit_type, cast(null as varchar) as unit_key
from uid_names
union all
select 'english', firm_uid, english_key, cast(null as varchar), cast(null as varchar), cast(null as varchar),
       cast(null as varchar)
from uid_english
union all
select 'traceable_unit', firm_uid, cast(null as varchar), cast(null as varchar), cast(null as varchar),
       'registry_enterprise', enterprise_key
from reg_traceable
union all
select 'traceable_unit', firm_uid, cast(null as varchar), cast(null as varchar), cast(null as varchar),
       'trade_operator', filing_number
from op_traceable
