{{ config(tags=['truth']) }}
-- Evaluation only: the survey year-to-year links against the answer key. One row per link made
-- (row_kind = link: its rule and whether both records are one true firm) and per true link
-- (row_kind = true: each firm's consecutive survey appearances, whatever the gap; traceable
-- when the two records share a legal code, a name key, two names of one registry enterprise,
-- a phone (7 digits + postal or area code) or founding year + county + industry; found when
-- both carry the same firm_id; match_rule = the rule of the direct link, if any).
with srec as (
    select * from {{ ref('int_firm__truth_survey_records') }}
),
reg_names as (
    select enterprise_key, name_key from {{ ref('int_firm__registry_names') }}
),
reg_pairs as (      -- two name keys of one registry enterprise
    select distinct a.name_key as name_a, b.name_key as name_b
    from reg_names a join reg_names b on a.enterprise_key = b.enterprise_key and a.name_key <> b.name_key
),
s_pred as (
    select l.match_rule, l.rule_stage, a.firm_uid = b.firm_uid as correct
    from {{ ref('int_firm__assn_survey_years') }} l
    join srec a on l.from_record_id = a.survey_record_id
    join srec b on l.to_record_id = b.survey_record_id
),
s_next as (
    select firm_uid, survey_record_id as a_id,
           lead(survey_record_id) over (partition by firm_uid order by year, survey_record_id) as b_id
    from srec
),
s_true as (
    select
        coalesce(a.legal_code_key = b.legal_code_key, false)
          or coalesce(a.name_key = b.name_key, false)
          or rp.name_a is not null
          or coalesce(a.phone7 = b.phone7 and (a.zip = b.zip or a.phone_area = b.phone_area), false)
          or coalesce(a.founding_year = b.founding_year and a.county_code = b.county_code
                      and a.cic_adj = b.cic_adj, false)
            as traceable,
        a.firm_id = b.firm_id as found,
        l.match_rule as direct_rule
    from s_next t
    join srec a on t.a_id = a.survey_record_id
    join srec b on t.b_id = b.survey_record_id
    left join reg_pairs rp on a.name_key = rp.name_a and b.name_key = rp.name_b
    left join {{ ref('int_firm__assn_survey_years') }} l on t.a_id = l.from_record_id and t.b_id = l.to_record_id
    where t.b_id is not null
)

select 'survey_years' as link_type, 'link' as row_kind, match_rule, rule_stage, correct as is_correct,
       cast(null as boolean) as is_traceable, cast(null as boolean) as is_found
from s_pred
union all
select 'survey_years', 'true', direct_rule, cast(null as integer), cast(null as boolean), traceable, found
from s_true
