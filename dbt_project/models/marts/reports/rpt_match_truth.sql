{{ config(tags=['truth'], pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- Precision and recall of every link type, and of every rule within it, against the answer
-- key of a synthetic universe (int_firm__truth_units). Empty without truth files.
--   survey_years       a link is correct when both records are one true firm; the true links
--                      are each firm's consecutive survey appearances (whatever the gap), found
--                      when both records carry the same firm_id
--   customs_survey     correct = the customs code and the survey record are one true firm in
--                      that year; true = every such code-year x record pair
--   customs_firm       a customs code's firm (int_firm__customs_firm_ids) is correct when it is
--                      the code's true firm; true = codes of firms that are in the survey
--   registry_firm, trade_operator_firm, patent_applicant, web_1688, web_icp, web_alibaba,
--   web_made_in_china  correct = the record's true firm is the true firm of the firm_id
--                      (int_firm__truth_firm_map); true = records whose true firm is a firm of
--                      the warehouse (in the survey or customs); others are counted apart
-- A true link is traceable when the data carry a trace of it: the linked records share a
-- legal code, a name key (also without a province in front, or through a registry
-- enterprise's names), a phone (last 7 digits with postal or area code) or founding year +
-- county + industry; for name lists, the record's name is a name the true firm carries in the
-- survey, customs or its registry rows (English lists: the English name of its trade-operator
-- filing, or a Chinese name of it in the row's province whose pinyin key is the row's). Rows
-- with match_rule = 'all' give the link type's totals; the other rows give what each rule
-- added (n_found: true links that rule made) and cost (n_links - n_correct).
with eval as (
    select * from {{ ref('int_firm__truth_eval_survey') }}
    union all
    select * from {{ ref('int_firm__truth_eval_customs') }}
    union all
    select * from {{ ref('int_firm__truth_eval_lists') }}
),
links as (
    select * from eval where row_kind = 'link'
),
trues as (
    select * from eval where row_kind = 'true'
),
outside as (
    select link_type, count(*) as n_records_outside_warehouse from eval where row_kind = 'outside' group by link_type
),
totals as (
    select link_type, 'all' as match_rule, 0 as rule_stage,
           count(*) as n_links, sum(case when is_correct then 1 else 0 end) as n_correct
    from links group by link_type
    union all
    select link_type, match_rule, min(rule_stage), count(*), sum(case when is_correct then 1 else 0 end)
    from links group by link_type, match_rule
),
true_totals as (
    select link_type, count(*) as n_true_links,
           sum(case when is_traceable then 1 else 0 end) as n_true_traceable,
           sum(case when is_found then 1 else 0 end) as n_found,
           sum(case when is_found and is_traceable then 1 else 0 end) as n_found_traceable
    from trues group by link_type
),
found_by_rule as (
    select link_type, match_rule, count(*) as n_found,
           sum(case when is_traceable then 1 else 0 end) as n_found_traceable
    from trues where is_found and match_rule is not null
    group by link_type, match_rule
)

select
    t.link_type, t.match_rule, t.rule_stage,
    t.n_links, t.n_correct, t.n_links - t.n_correct as n_wrong,
    cast(t.n_correct as double) / nullif(t.n_links, 0) as precision,
    tt.n_true_links, tt.n_true_traceable,
    case when t.match_rule = 'all' then tt.n_found else coalesce(f.n_found, 0) end as n_found,
    cast(case when t.match_rule = 'all' then tt.n_found else coalesce(f.n_found, 0) end as double)
        / nullif(tt.n_true_links, 0) as recall,
    cast(case when t.match_rule = 'all' then tt.n_found_traceable else coalesce(f.n_found_traceable, 0) end as double)
        / nullif(tt.n_true_traceable, 0) as recall_traceable,
    1 - cast(tt.n_true_traceable as double) / nullif(tt.n_true_links, 0) as untraceable_share,
    coalesce(o.n_records_outside_warehouse, 0) as n_records_outside_warehouse
from totals t
left join true_totals tt using (link_type)
left join found_by_rule f on t.link_type = f.link_type and t.match_rule = f.match_rule
left join outside o on t.link_type = o.link_type
