{{ config(materialized='view', tags=['truth']) }}
-- Answer key: one row per written row of the web lists (alibaba.com, made-in-china.com, 1688,
-- ICP filings) and registries (credit registry, name changes, trade operators), by file and
-- row: the list, the firm_uid (NULL for rows outside the universe) and the list's own fields.
select 'platform' as record_family, list, source_file,
       {{ dbt.safe_cast('source_row', api.Column.translate_type('bigint')) }} as source_row,
       nullif(firm_uid, '') as firm_uid, company_name as name_written,
       {{ dbt.safe_cast('member_since_year', api.Column.translate_type('integer')) }} as member_since_year,
       cast(null as varchar) as domain, cast(null as varchar) as industry
from {{ source('truth', 'platform_members') }}
union all
select 'website', list, source_file, {{ dbt.safe_cast('source_row', api.Column.translate_type('bigint')) }},
       nullif(firm_uid, ''), organiser_name,
       cast(null as integer), domain, cast(null as varchar)
from {{ source('truth', 'websites') }}
union all
select 'registry', list, source_file, {{ dbt.safe_cast('source_row', api.Column.translate_type('bigint')) }},
       nullif(firm_uid, ''), name_written,
       cast(null as integer), cast(null as varchar), nullif(industry, '')
from {{ source('truth', 'registry_records') }}
