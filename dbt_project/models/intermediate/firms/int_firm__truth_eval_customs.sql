{{ config(tags=['truth']) }}
-- Evaluation only: customs <-> survey links (code-year x survey record of one true firm in that
-- year; traceable through a shared name key, core in the province, registry names, or phone +
-- postal / area code) and the firm of every customs code (true = codes of firms in the
-- survey). Same shape as int_firm__truth_eval_survey.
with tu as (
    select * from {{ ref('int_firm__truth_units') }}
),
has_truth as (         -- without an answer key every link would count as wrong: no rows
    select count(*) > 0 as yes from tu
),
fmap as (
    select * from {{ ref('int_firm__truth_firm_map') }}
),
srec as (
    select * from {{ ref('int_firm__truth_survey_records') }}
),
code_uid as (
    select unit_key as firm_code, firm_uid from tu where unit_type = 'customs_code'
),
reg_names as (
    select enterprise_key, name_key from {{ ref('int_firm__registry_names') }}
),
reg_pairs as (
    select distinct a.name_key as name_a, b.name_key as name_b
    from reg_names a join reg_names b on a.enterprise_key = b.enterprise_key and a.name_key <> b.name_key
),
c_years as (
    select distinct n.firm_code, n.year, u.firm_uid
    from {{ ref('int_customs__firm_names') }} n join code_uid u using (firm_code)
),
cs_true_pairs as (
    select c.firm_code, c.year, s.survey_record_id, s.name_key, s.name_core, s.province_code,
           s.phone7, s.zip, s.phone_area
    from c_years c join srec s on c.firm_uid = s.firm_uid and c.year = s.year
),
cs_name_hits as (
    select distinct p.firm_code, p.year, p.survey_record_id
    from cs_true_pairs p
    join {{ ref('int_customs__firm_names') }} n on p.firm_code = n.firm_code and p.year = n.year
    left join reg_pairs rp on n.name_key = rp.name_a and p.name_key = rp.name_b
    where n.name_key = p.name_key or (n.name_core = p.name_core and n.province_code = p.province_code)
       or rp.name_a is not null
),
cs_phone_hits as (
    select distinct p.firm_code, p.year, p.survey_record_id
    from cs_true_pairs p
    join {{ ref('int_customs__firm_contacts') }} c on p.firm_code = c.firm_code and p.year = c.year
    where c.phone7 = p.phone7 and (c.zip = p.zip or c.phone_area = p.phone_area)
),
cs_links as (
    select * from {{ ref('int_firm__assn_customs_survey') }}
),
cs_true as (
    select
        (nh.firm_code is not null or ph.firm_code is not null) as traceable,
        l.firm_code is not null as found,
        l.match_rule as direct_rule
    from cs_true_pairs p
    left join cs_name_hits nh
        on p.firm_code = nh.firm_code and p.year = nh.year and p.survey_record_id = nh.survey_record_id
    left join cs_phone_hits ph
        on p.firm_code = ph.firm_code and p.year = ph.year and p.survey_record_id = ph.survey_record_id
    left join cs_links l
        on p.firm_code = l.firm_code and p.year = l.year and p.survey_record_id = l.survey_record_id
),
cs_pred as (
    select l.match_rule, l.rule_stage, p.firm_code is not null as correct
    from cs_links l
    left join cs_true_pairs p
        on l.firm_code = p.firm_code and l.year = p.year and l.survey_record_id = p.survey_record_id
),

-- ------------------------------------------------------------------ customs code -> firm
cf_names as (        -- codes whose names (any year) are names of their true firm's survey records
    select distinct n.firm_code
    from {{ ref('int_customs__firm_names') }} n
    join code_uid u using (firm_code)
    join srec s on u.firm_uid = s.firm_uid
    where n.name_key = s.name_key or (n.name_core = s.name_core and n.province_code = s.province_code)
),
cf_eval as (
    select f.assignment as match_rule,
           case f.assignment when 'survey_linked' then 1 when 'survey_name' then 2 end as rule_stage,
           f.assignment <> 'customs_only' as is_linked,
           coalesce(f.assignment <> 'customs_only' and m.firm_uid = u.firm_uid, false) as correct,
           exists(select 1 from srec s where s.firm_uid = u.firm_uid) as in_survey,
           cn.firm_code is not null
               or exists (select 1 from cs_phone_hits h where h.firm_code = f.firm_code) as traceable
    from {{ ref('int_firm__customs_firm_ids') }} f
    join code_uid u using (firm_code)
    left join fmap m on f.firm_id = m.firm_id
    left join cf_names cn on f.firm_code = cn.firm_code
)

select * from (
select 'customs_survey' as link_type, 'link' as row_kind, match_rule, rule_stage, correct as is_correct,
       cast(null as boolean) as is_traceable, cast(null as boolean) as is_found
from cs_pred
union all
select 'customs_survey', 'true', direct_rule, cast(null as integer), cast(null as boolean), traceable, found
from cs_true
union all
select 'customs_firm', 'link', match_rule, rule_stage, correct, cast(null as boolean), cast(null as boolean)
from cf_eval where is_linked
union all
select 'customs_firm', 'true', case when correct then match_rule end, cast(null as integer), cast(null as boolean),
       traceable, correct
from cf_eval where in_survey
) e
where (select has_truth.yes from has_truth)
