-- The firm of every unit the sources identify: each survey record (by its survey firm chain)
-- and each customs enterprise code (linked survey firm, else a customs-only firm). The one
-- place where identities meet the pseudonymous firm_id; marts carry firm_id only.
select 'survey_record' as unit_type, cast(survey_record_id as varchar) as unit_key, year,
       firm_id, 'survey_chain' as assignment
from {{ ref('int_firm__survey_chains') }}
union all
select 'customs_code', firm_code, cast(null as integer), firm_id, assignment
from {{ ref('int_firm__customs_firm_ids') }}
