{{ config(materialized='view', tags=['truth']) }}
-- Answer key: per year and firm, the legal code and name the survey wrote (NULL when the firm
-- is not in that year's survey) and the customs code and name customs wrote (name NULL when
-- the firm has no customs record that year).
select
    {{ dbt.safe_cast('year', api.Column.translate_type('integer')) }} as year, firm_uid, kind,
    {{ legal_code_key('survey_legal_code') }} as survey_legal_code,
    survey_name, customs_code, customs_name,
    coalesce(in_survey = 'true', false) as in_survey,
    customs_name is not null as in_customs
from {{ source('truth', 'firm_years') }}
where firm_uid is not null
