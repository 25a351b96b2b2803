-- Survey year-to-year links (Brandt-Van Biesebroeck-Zhang chaining): one row per linked pair of
-- records, the earlier (from) and the later (to) record, the gap in years and the rule that
-- linked them. Every record has at most one forward and one backward link.
select
    left_id as from_record_id, right_id as to_record_id,
    left_year as from_year, right_year as to_year, gap, rule as match_rule, stage as rule_stage
from {{ ref('int_firm__survey_link_decisions') }}
where decision = 'linked'
