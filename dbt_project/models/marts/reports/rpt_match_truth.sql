{{ config(tags=['truth']) }}
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
-- filing). Rows with match_rule = 'all' give the link type's totals; the other rows give what
-- each rule added (n_found: true links that rule made) and cost (n_links - n_correct).
with tu as (
    select * from {{ ref('int_firm__truth_units') }}
),
fmap as (
    select * from {{ ref('int_firm__truth_firm_map') }}
),
warehouse_uids as (
    select distinct firm_uid from fmap
),

-- ------------------------------------------------------------------ shared evidence
srec as (
    select r.*, t.firm_uid, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join tu t on t.unit_type = 'survey_record' and t.unit_key = cast(r.survey_record_id as varchar)
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
),
code_uid as (
    select unit_key as firm_code, firm_uid from tu where unit_type = 'customs_code'
),
reg_names as (
    select * from {{ ref('int_firm__registry_names') }}
),
reg_pairs as (      -- two name keys of one registry enterprise
    select distinct a.name_key as name_a, b.name_key as name_b
    from reg_names a join reg_names b on a.enterprise_key = b.enterprise_key and a.name_key <> b.name_key
),
uid_codes as (
    select distinct firm_uid, legal_code_key from srec where legal_code_key is not null
),
uid_data_names as (  -- names the true firm carries in the survey and customs data
    select distinct firm_uid, name_key, name_core, province_code from srec where name_key is not null
    union
    select distinct u.firm_uid, n.name_key, n.name_core, n.province_code
    from {{ ref('int_customs__firm_names') }} n join code_uid u using (firm_code)
),
reg_traceable as (   -- registry enterprises of a true firm that the data tie to that firm
    select distinct t.unit_key as enterprise_key, t.firm_uid
    from tu t
    join reg_names n on n.enterprise_key = t.unit_key
    where t.unit_type = 'registry_enterprise'
      and (exists (select 1 from uid_codes c where c.firm_uid = t.firm_uid and c.legal_code_key = n.organization_code)
           or exists (select 1 from uid_data_names d where d.firm_uid = t.firm_uid and d.name_key = n.name_key))
),
uid_names as (
    select firm_uid, name_key, name_core, province_code from uid_data_names
    union
    select r.firm_uid, n.name_key, n.name_core, n.province_code
    from reg_traceable r join reg_names n using (enterprise_key)
),
ops as (
    select o.filing_number, {{ legal_code_key('o.organization_code') }} as organization_code,
           {{ firm_name_key('o.firm_name_raw') }} as name_key, {{ firm_name_key('o.english_name') }} as english_key,
           {{ province_code_of_prefix('o.address') }} as address_province, t.firm_uid
    from {{ ref('stg_registry__trade_operators') }} o
    join tu t on t.unit_type = 'trade_operator' and t.unit_key = o.filing_number
),
op_traceable as (
    select o.* from ops o
    where exists (select 1 from uid_codes c where c.firm_uid = o.firm_uid and c.legal_code_key = o.organization_code)
       or exists (select 1 from uid_names d where d.firm_uid = o.firm_uid
                  and (d.name_key = o.name_key
                       or (d.name_core = {{ firm_name_core('o.name_key') }}
                           and d.province_code = coalesce({{ province_code_of_prefix('o.name_key') }}, o.address_province))))
),
uid_english as (
    select distinct firm_uid, english_key from op_traceable where english_key is not null
),

-- ------------------------------------------------------------------ survey years
s_pred as (
    select l.match_rule, l.rule_stage, a.firm_uid = b.firm_uid as correct
    from {{ ref('int_firm__assn_survey_years') }} l
    join srec a on a.survey_record_id = l.from_record_id
    join srec b on b.survey_record_id = l.to_record_id
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
          or coalesce(a.founding_year = b.founding_year and a.county_code = b.county_code and a.cic_adj = b.cic_adj, false)
            as traceable,
        a.firm_id = b.firm_id as found,
        l.match_rule as direct_rule
    from s_next t
    join srec a on a.survey_record_id = t.a_id
    join srec b on b.survey_record_id = t.b_id
    left join reg_pairs rp on rp.name_a = a.name_key and rp.name_b = b.name_key
    left join {{ ref('int_firm__assn_survey_years') }} l on l.from_record_id = t.a_id and l.to_record_id = t.b_id
    where t.b_id is not null
),

-- ------------------------------------------------------------------ customs <-> survey
c_years as (
    select distinct n.firm_code, n.year, u.firm_uid
    from {{ ref('int_customs__firm_names') }} n join code_uid u using (firm_code)
),
cs_true_pairs as (
    select c.firm_code, c.year, s.survey_record_id, s.name_key, s.name_core, s.province_code,
           s.phone7, s.zip, s.phone_area
    from c_years c join srec s on s.firm_uid = c.firm_uid and s.year = c.year
),
cs_name_hits as (
    select distinct p.firm_code, p.year, p.survey_record_id
    from cs_true_pairs p
    join {{ ref('int_customs__firm_names') }} n on n.firm_code = p.firm_code and n.year = p.year
    left join reg_pairs rp on rp.name_a = n.name_key and rp.name_b = p.name_key
    where n.name_key = p.name_key or (n.name_core = p.name_core and n.province_code = p.province_code)
       or rp.name_a is not null
),
cs_phone_hits as (
    select distinct p.firm_code, p.year, p.survey_record_id
    from cs_true_pairs p
    join {{ ref('int_customs__firm_contacts') }} c on c.firm_code = p.firm_code and c.year = p.year
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
    left join cs_name_hits nh on nh.firm_code = p.firm_code and nh.year = p.year and nh.survey_record_id = p.survey_record_id
    left join cs_phone_hits ph on ph.firm_code = p.firm_code and ph.year = p.year and ph.survey_record_id = p.survey_record_id
    left join cs_links l on l.firm_code = p.firm_code and l.year = p.year and l.survey_record_id = p.survey_record_id
),
cs_pred as (
    select l.match_rule, l.rule_stage, p.firm_code is not null as correct
    from cs_links l
    left join cs_true_pairs p on p.firm_code = l.firm_code and p.year = l.year and p.survey_record_id = l.survey_record_id
),

-- ------------------------------------------------------------------ customs code -> firm
cf_names as (        -- codes whose names (any year) are names of their true firm's survey records
    select distinct n.firm_code
    from {{ ref('int_customs__firm_names') }} n
    join code_uid u using (firm_code)
    join srec s on s.firm_uid = u.firm_uid
    where n.name_key = s.name_key or (n.name_core = s.name_core and n.province_code = s.province_code)
),
cf_eval as (
    select f.assignment as match_rule,
           case f.assignment when 'survey_linked' then 1 when 'survey_name' then 2 end as rule_stage,
           f.assignment <> 'customs_only' as is_linked,
           coalesce(f.assignment <> 'customs_only' and m.firm_uid = u.firm_uid, false) as correct,
           exists (select 1 from srec s where s.firm_uid = u.firm_uid) as in_survey,
           cn.firm_code is not null or exists (select 1 from cs_phone_hits h where h.firm_code = f.firm_code) as traceable
    from {{ ref('int_firm__customs_firm_ids') }} f
    join code_uid u using (firm_code)
    left join fmap m on m.firm_id = f.firm_id
    left join cf_names cn on cn.firm_code = f.firm_code
),

-- ------------------------------------------------------------------ record lists -> firms
list_records as (
    select 'registry_firm' as link_type, r.enterprise_key as unit_key, a.firm_id, a.match_rule, a.rule_stage,
           rt.enterprise_key is not null as traceable
    from (select distinct enterprise_key from reg_names) r
    left join {{ ref('int_firm__assn_registry_firm') }} a on a.enterprise_key = r.enterprise_key and a.decision = 'linked'
    left join reg_traceable rt on rt.enterprise_key = r.enterprise_key
    union all
    select 'trade_operator_firm', o.filing_number, a.firm_id, a.match_rule, a.rule_stage,
           ot.filing_number is not null
    from {{ ref('stg_registry__trade_operators') }} o
    left join {{ ref('int_firm__assn_trade_operator_firm') }} a on a.filing_number = o.filing_number and a.decision = 'linked'
    left join op_traceable ot on ot.filing_number = o.filing_number
    union all
    select 'patent_applicant', a.application_number || '#' || cast(a.applicant_seq as varchar), a.firm_id, a.match_rule,
           case a.match_rule when 'name' then 1 when 'name_core_province' then 2 end, null
    from {{ ref('int_firm__assn_patent_applicant') }} a
    {%- for lt, model in [('web_1688', 'int_firm__assn_web_1688'), ('web_icp', 'int_firm__assn_web_icp'),
                          ('web_alibaba', 'int_firm__assn_web_alibaba'), ('web_made_in_china', 'int_firm__assn_web_made_in_china')] %}
    union all
    select '{{ lt }}', w.source_file || '#' || cast(w.source_row as varchar), w.firm_id, w.match_rule,
           case w.match_rule when 'name' then 1 when 'name_core_province' then 2 when 'english_name' then 1 end, null
    from {{ ref(model) }} w
    {%- endfor %}
),
list_keys as (       -- the name key of each list record (for traceability)
    select 'patent_applicant' as link_type, application_number || '#' || cast(applicant_seq as varchar) as unit_key,
           name_key, province_code
    from {{ ref('int_firm__assn_patent_applicant') }}
    {%- for lt, model, prov in [('web_1688', 'int_firm__assn_web_1688', 'province_code'),
                                ('web_icp', 'int_firm__assn_web_icp', 'province_code'),
                                ('web_alibaba', 'int_firm__assn_web_alibaba', 'cast(null as varchar)'),
                                ('web_made_in_china', 'int_firm__assn_web_made_in_china', 'cast(null as varchar)')] %}
    union all
    select '{{ lt }}', source_file || '#' || cast(source_row as varchar), name_key, {{ prov }}
    from {{ ref(model) }}
    {%- endfor %}
),
list_eval as (
    select
        r.link_type, r.match_rule, r.rule_stage, t.firm_uid,
        r.firm_id is not null as is_linked,
        r.firm_id is not null and m.firm_uid = t.firm_uid as correct,
        w.firm_uid is not null as in_warehouse,
        coalesce(r.traceable,
                 case when r.link_type in ('web_alibaba', 'web_made_in_china')
                      then exists (select 1 from uid_english e where e.firm_uid = t.firm_uid and e.english_key = k.name_key)
                      else exists (select 1 from uid_names d where d.firm_uid = t.firm_uid
                                   and (d.name_key = k.name_key
                                        or (d.name_core = {{ firm_name_core('k.name_key') }}
                                            and d.province_code = coalesce({{ province_code_of_prefix('k.name_key') }}, k.province_code))))
                 end) as traceable
    from list_records r
    left join tu t on t.unit_type = case r.link_type when 'registry_firm' then 'registry_enterprise'
                                                   when 'trade_operator_firm' then 'trade_operator'
                                                   else r.link_type end
                  and t.unit_key = r.unit_key
    left join list_keys k on k.link_type = r.link_type and k.unit_key = r.unit_key
    left join fmap m on m.firm_id = r.firm_id
    left join warehouse_uids w on w.firm_uid = t.firm_uid
),

-- ------------------------------------------------------------------ one shape for all
links as (   -- predicted links: link type, rule, correct
    select 'survey_years' as link_type, match_rule, rule_stage, correct from s_pred
    union all
    select 'customs_survey', match_rule, rule_stage, correct from cs_pred
    union all
    select 'customs_firm', match_rule, rule_stage, correct from cf_eval where is_linked
    union all
    select link_type, match_rule, rule_stage, coalesce(correct, false)
    from list_eval where is_linked
),
trues as (   -- true links: traceable, found, the rule that found it
    select 'survey_years' as link_type, traceable, found, direct_rule from s_true
    union all
    select 'customs_survey', traceable, found, direct_rule from cs_true
    union all
    select 'customs_firm', traceable, correct, case when correct then match_rule end from cf_eval where in_survey
    union all
    select link_type, traceable, correct, case when correct then match_rule end
    from list_eval where in_warehouse
),
outside as (
    select link_type, count(*) as n_records_outside_warehouse
    from list_eval where firm_uid is not null and not in_warehouse
    group by link_type
),
has_truth as (
    select count(*) > 0 as yes from tu
),

totals as (
    select l.link_type, 'all' as match_rule, 0 as rule_stage,
           count(*) as n_links, sum(case when correct then 1 else 0 end) as n_correct
    from links l group by l.link_type
    union all
    select link_type, match_rule, min(rule_stage), count(*), sum(case when correct then 1 else 0 end)
    from links group by link_type, match_rule
),
true_totals as (
    select link_type, count(*) as n_true_links,
           sum(case when traceable then 1 else 0 end) as n_true_traceable,
           sum(case when found then 1 else 0 end) as n_found,
           sum(case when found and traceable then 1 else 0 end) as n_found_traceable
    from trues group by link_type
),
found_by_rule as (
    select link_type, direct_rule as match_rule, count(*) as n_found,
           sum(case when traceable then 1 else 0 end) as n_found_traceable
    from trues where found and direct_rule is not null
    group by link_type, direct_rule
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
left join found_by_rule f on f.link_type = t.link_type and f.match_rule = t.match_rule
left join outside o on o.link_type = t.link_type
where (select yes from has_truth)
