-- Survey records chained into firms: the chain of a record follows its backward links to the
-- first record (head); firm_id = firm_id_from('asif', head record id), a stable pseudonymous
-- key. One row per survey record.
with recursive chain as (
    select r.survey_record_id, r.survey_record_id as head_record_id, r.year, 0 as depth
    from {{ ref('int_firm__survey_records') }} r
    where not exists (select 1 from {{ ref('int_firm__assn_survey_years') }} l
                      where l.to_record_id = r.survey_record_id)
    union all
    select l.to_record_id, c.head_record_id, l.to_year, c.depth + 1
    from chain c
    join {{ ref('int_firm__assn_survey_years') }} l on c.survey_record_id = l.from_record_id
)
select
    survey_record_id, year, head_record_id,
    {{ firm_id_from('asif', 'head_record_id') }} as firm_id,
    depth as chain_position
from chain
