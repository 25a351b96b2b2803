-- Every candidate link between survey years with the decision taken on it (macro
-- sequential_unique_links): linked, ambiguous (several candidates at that rule: nothing is
-- picked, the records stay open for the next rule) or superseded (already linked by an
-- earlier rule or a shorter gap; not stored).
with cands as (
    select * from {{ ref('int_firm__survey_link_candidates') }}
),
{{ sequential_unique_links('cands', survey_link_stages() | length, 'decided') }}
select left_id, right_id, rule, stage, gap, left_year, right_year,
       n_right_candidates, n_left_candidates, decision
from decided
where decision <> 'superseded'   -- pairs whose records an earlier rule already linked: not stored
