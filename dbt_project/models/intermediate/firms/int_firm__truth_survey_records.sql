{{ config(tags=['truth']) }}
-- Evaluation only: every survey record with its true firm (int_firm__truth_units), its matched
-- firm_id and the keys the traceability of a link is judged by. Empty without truth files.
select r.survey_record_id, r.year, t.firm_uid, c.firm_id, r.legal_code_key, r.name_key, r.name_core,
       r.province_code, r.county_code, r.phone7, r.phone_area, r.zip, r.founding_year, r.cic_adj
from {{ ref('int_firm__survey_records') }} r
join {{ ref('int_firm__truth_units') }} t
    on t.unit_type = 'survey_record' and t.unit_key = cast(r.survey_record_id as varchar)
join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
