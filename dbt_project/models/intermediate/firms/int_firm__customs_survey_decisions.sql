-- Every candidate customs-survey link with the decision taken on it (macro
-- sequential_unique_links; one-to-one within a year): linked, or ambiguous (several
-- candidates on a side at that rule: nothing is picked, both stay open for the next rule).
-- Pairs whose units an earlier rule already linked (superseded) are not stored.
with cands as (
    select * from {{ ref('int_firm__customs_survey_candidates') }}
),
{{ sequential_unique_links('cands', var('firm_customs_survey_rules') | length, 'decided') }}
select left_id, right_id, firm_code, year, rule, stage, n_right_candidates, n_left_candidates, decision
from decided
where decision <> 'superseded'
