{{ config(tags=['truth']) }}
-- Evaluation only: registry enterprises, trade-operator filings, patent applicants and web list
-- rows linked to firms. A link is correct when the record's true firm is the true firm of the
-- firm_id (int_firm__truth_firm_map); true links are the records whose true firm is a firm of
-- the warehouse (row_kind = outside: the others); traceable when the record's name is a name
-- the data tie to its true firm (int_firm__truth_names; English lists: also when the row's
-- pinyin key is one of a Chinese name its true firm carries in the row's province). Same shape
-- as int_firm__truth_eval_survey.
with tu as (
    select * from {{ ref('int_firm__truth_units') }}
),
has_truth as (         -- without an answer key every link would count as wrong: no rows
    select count(*) > 0 as yes from tu
),
fmap as (
    select * from {{ ref('int_firm__truth_firm_map') }}
),
warehouse_uids as (
    select distinct firm_uid from fmap
),
truth_names as (
    select * from {{ ref('int_firm__truth_names') }}
),
uid_names as (
    select firm_uid, name_key, name_core, province_code from truth_names where name_kind = 'chinese'
),
uid_english as (
    select firm_uid, name_key as english_key from truth_names where name_kind = 'english'
),
traceable_units as (
    select unit_type, unit_key from truth_names where name_kind = 'traceable_unit'
),
pinyin_traces as (   -- English list rows whose pinyin key is one of a name their true firm carries in their province
    select distinct k.link_type, k.source_file || '#' || cast(k.source_row as varchar) as unit_key, d.firm_uid
    from {{ ref('int_firm__english_pinyin_keys') }} k
    join {{ ref('int_firm__name_pinyin_keys') }} p on k.pinyin_key = p.pinyin_key
    join uid_names d on p.name_key = d.name_key and k.province_code = d.province_code
),
list_records as (
    select 'registry_firm' as link_type, r.enterprise_key as unit_key, a.firm_id, a.match_rule, a.rule_stage,
           rt.unit_key is not null as traceable
    from (select distinct enterprise_key from {{ ref('int_firm__registry_names') }}) r
    left join {{ ref('int_firm__assn_registry_firm') }} a
        on r.enterprise_key = a.enterprise_key and a.decision = 'linked'
    left join traceable_units rt on rt.unit_type = 'registry_enterprise' and r.enterprise_key = rt.unit_key
    union all
    select 'trade_operator_firm', o.filing_number, a.firm_id, a.match_rule, a.rule_stage,
           ot.unit_key is not null
    from {{ ref('stg_registry__trade_operators') }} o
    left join {{ ref('int_firm__assn_trade_operator_firm') }} a
        on o.filing_number = a.filing_number and a.decision = 'linked'
    left join traceable_units ot on ot.unit_type = 'trade_operator' and o.filing_number = ot.unit_key
    union all
    select 'patent_applicant', a.application_number || '#' || cast(a.applicant_seq as varchar), a.firm_id, a.match_rule,
           case a.match_rule when 'name' then 1 when 'name_core_province' then 2 end, null
    from {{ ref('int_firm__assn_patent_applicant') }} a
    {%- for lt, model in [('web_1688', 'int_firm__assn_web_1688'), ('web_icp', 'int_firm__assn_web_icp'),
                          ('web_alibaba', 'int_firm__assn_web_alibaba'),
                          ('web_made_in_china', 'int_firm__assn_web_made_in_china')] %}
    union all
    select '{{ lt }}', w.source_file || '#' || cast(w.source_row as varchar), w.firm_id, w.match_rule,
           case w.match_rule when 'name' then 1 when 'name_core_province' then 2
                             when 'english_name' then 1 when 'pinyin' then 2 end, null
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
                      then exists (select 1 from uid_english e
                                   where e.firm_uid = t.firm_uid and e.english_key = k.name_key)
                           or exists (select 1 from pinyin_traces pt where pt.link_type = r.link_type
                                      and pt.unit_key = r.unit_key and pt.firm_uid = t.firm_uid)
                      else exists (select 1 from uid_names d where d.firm_uid = t.firm_uid
                                   and (d.name_key = k.name_key
                                        or (d.name_core = {{ firm_name_core('k.name_key') }}
                                            and d.province_code = coalesce(
                                                {{ province_code_of_prefix('k.name_key') }},
                                                k.province_code))))
                 end) as traceable
    from list_records r
    left join tu t on t.unit_type = case r.link_type when 'registry_firm' then 'registry_enterprise'
                                                   when 'trade_operator_firm' then 'trade_operator'
                                                   else r.link_type end
                  and r.unit_key = t.unit_key
    left join list_keys k on r.link_type = k.link_type and r.unit_key = k.unit_key
    left join fmap m on r.firm_id = m.firm_id
    left join warehouse_uids w on t.firm_uid = w.firm_uid
)

select * from (
select link_type, 'link' as row_kind, match_rule, rule_stage, coalesce(correct, false) as is_correct,
       cast(null as boolean) as is_traceable, cast(null as boolean) as is_found
from list_eval where is_linked
union all
select link_type, 'true', case when correct then match_rule end, cast(null as integer), cast(null as boolean),
       traceable, correct
from list_eval where in_warehouse
union all
select link_type, 'outside', cast(null as varchar), cast(null as integer), cast(null as boolean),
       cast(null as boolean), cast(null as boolean)
from list_eval where firm_uid is not null and not in_warehouse
) e
where (select has_truth.yes from has_truth)
