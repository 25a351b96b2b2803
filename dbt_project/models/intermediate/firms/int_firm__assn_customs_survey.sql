-- Customs <-> survey links: one row per customs firm (enterprise code) and year linked to one
-- survey record of that year, with the rule that linked them. One-to-one within a year.
select firm_code, year, right_id as survey_record_id, rule as match_rule, stage as rule_stage
from {{ ref('int_firm__customs_survey_decisions') }}
where decision = 'linked'
