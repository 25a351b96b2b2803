-- Credit-registry enterprises linked to firms, one-to-one, rules in order:
--   organization_code  the enterprise's organisation code (from its credit code, else as
--                      given) = a legal-person code the firm's survey records carried
--   name               one of the enterprise's names (current, former, dated changes) = a name
--                      the firm used in the survey or in customs
-- The registry gives each linked firm its current name and former names (name index for
-- patents and web lists) and its industry (wholesale / retail intermediaries, paper 004).
with codes as (
    select distinct r.legal_code_key, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    where r.legal_code_key is not null
),

ent as (
    select distinct enterprise_key, organization_code from {{ ref('int_firm__registry_names') }}
),

cands as (
    select distinct e.enterprise_key as left_id, c.firm_id as right_id, 'organization_code' as rule, 1 as stage
    from ent e join codes c on e.organization_code = c.legal_code_key
    union all
    select distinct n.enterprise_key, f.firm_id, 'name', 2
    from {{ ref('int_firm__registry_names') }} n
    join {{ ref('int_firm__firm_names') }} f on n.name_key = f.name_key
),
{{ sequential_unique_links('cands', 2, 'decided') }}
select left_id as enterprise_key, right_id as firm_id, rule as match_rule, stage as rule_stage,
       n_right_candidates, n_left_candidates, decision
from decided
where decision <> 'superseded'
