-- Everything the matching did not silently decide: one row per ambiguous or rejected candidate,
-- or per unit missing the key of a rule, with the reason. is_resolved = the unit(s) still got
-- linked by another rule (TRUE), did not (FALSE), or the row is a note (NULL).
--   survey_years     legal_code_missing / legal_code_malformed (the record is chained by the
--                    later rules only); legal_code_not_unique_in_year / name_not_unique_in_year
--                    (records of one year sharing the key: the key links none of them);
--                    <rule>_several_candidates (a record has several candidates at that rule:
--                    none is picked)
--   customs_survey   customs_code_several_names_in_year (every name takes part);
--                    <rule>_several_candidates
--   customs_firm     customs_code_links_several_survey_firms (the code goes to the firm it is
--                    linked with in most years; the other firm is listed here);
--                    customs_code_name_several_survey_firms (a code never linked in a year
--                    whose names point to several survey firms: it stays customs only)
--   registry_firm, trade_operator_firm   <rule>_several_candidates
--   patent_applicant, web_1688, web_icp, web_alibaba, web_made_in_china
--                    name_maps_to_several_firms; web_alibaba, web_made_in_china also
--                    pinyin_key_maps_to_several_firms (homophones: 丰奥 and 峰奥 are both FENGAO)
with survey_links as (
    select from_record_id as record_id from {{ ref('int_firm__assn_survey_years') }}
    union
    select to_record_id from {{ ref('int_firm__assn_survey_years') }}
),

cs_linked as (
    select distinct firm_code || '|' || cast(year as varchar) as left_id, survey_record_id
    from {{ ref('int_firm__assn_customs_survey') }}
),

code_firms as (
    select l.firm_code, c.firm_id, count(*) as n_years
    from {{ ref('int_firm__assn_customs_survey') }} l
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    group by l.firm_code, c.firm_id
)

select 'survey_years' as link_type, 'legal_code_' || r.legal_code_status as reason, 'legal_code' as match_rule,
       r.year, cast(r.survey_record_id as varchar) as left_key, cast(null as varchar) as right_key,
       0 as n_candidates, l.record_id is not null as is_resolved
from {{ ref('int_firm__survey_records') }} r
left join survey_links l on r.survey_record_id = l.record_id
where r.legal_code_status <> 'valid'

{%- for key, reason, rule in [('legal_code_key', 'legal_code_not_unique_in_year', 'legal_code'),
                              ('name_key', 'name_not_unique_in_year', 'name')] %}
union all
select 'survey_years', '{{ reason }}', '{{ rule }}', r.year, cast(r.survey_record_id as varchar), r.{{ key }},
       r.n_same, l.record_id is not null
from (select survey_record_id, year, {{ key }}, count(*) over (partition by year, {{ key }}) as n_same
      from {{ ref('int_firm__survey_records') }} where {{ key }} is not null) r
left join survey_links l on r.survey_record_id = l.record_id
where r.n_same > 1
{%- endfor %}

union all
select 'survey_years', d.rule || '_several_candidates', d.rule, d.left_year,
       cast(d.left_id as varchar), cast(d.right_id as varchar),
       greatest(d.n_right_candidates, d.n_left_candidates),
       exists (select 1 from {{ ref('int_firm__assn_survey_years') }} a where a.from_record_id = d.left_id)
           and exists (select 1 from {{ ref('int_firm__assn_survey_years') }} a where a.to_record_id = d.right_id)
from {{ ref('int_firm__survey_link_decisions') }} d
where d.decision = 'ambiguous'

union all
select 'customs_survey', 'customs_code_several_names_in_year', 'name', n.year, n.firm_code, n.name_key,
       n.n_names_in_year, cast(null as boolean)
from {{ ref('int_customs__firm_names') }} n
where n.n_names_in_year > 1

union all
select 'customs_survey', d.rule || '_several_candidates', d.rule, d.year, d.left_id, cast(d.right_id as varchar),
       greatest(d.n_right_candidates, d.n_left_candidates),
       exists (select 1 from cs_linked l where l.left_id = d.left_id)
           and exists (select 1 from cs_linked l where l.survey_record_id = d.right_id)
from {{ ref('int_firm__customs_survey_decisions') }} d
where d.decision = 'ambiguous'

union all
select 'customs_firm', 'customs_code_links_several_survey_firms', 'survey_chain', cast(null as integer),
       c.firm_code, c.firm_id, c.n_years, false
from code_firms c
join {{ ref('int_firm__customs_firm_ids') }} f on c.firm_code = f.firm_code and c.firm_id <> f.firm_id

union all
select 'customs_firm', 'customs_code_name_several_survey_firms', 'survey_name', cast(null as integer),
       f.firm_code, cast(null as varchar), f.n_survey_firms, false
from {{ ref('int_firm__customs_firm_ids') }} f
where f.assignment = 'customs_only' and f.n_survey_firms > 1

union all
select 'registry_firm', d.match_rule || '_several_candidates', d.match_rule, cast(null as integer),
       d.enterprise_key, d.firm_id, greatest(d.n_right_candidates, d.n_left_candidates),
       exists(select 1 from {{ ref('int_firm__assn_registry_firm') }} a
               where a.decision = 'linked' and (a.enterprise_key = d.enterprise_key or a.firm_id = d.firm_id))
from {{ ref('int_firm__assn_registry_firm') }} d
where d.decision = 'ambiguous'

union all
select 'trade_operator_firm', d.match_rule || '_several_candidates', d.match_rule,
       cast(extract(year from d.filing_date) as integer), d.filing_number, d.firm_id, d.n_right_candidates,
       exists(select 1 from {{ ref('int_firm__assn_trade_operator_firm') }} a
               where a.decision = 'linked' and a.filing_number = d.filing_number)
from {{ ref('int_firm__assn_trade_operator_firm') }} d
where d.decision = 'ambiguous'

{%- for lt, model, key, yr in [
    ('patent_applicant', 'int_firm__assn_patent_applicant',
     "application_number || '#' || cast(applicant_seq as varchar)", 'application_year'),
    ('web_1688', 'int_firm__assn_web_1688', "source_file || '#' || cast(source_row as varchar)", 'crawl_year'),
    ('web_icp', 'int_firm__assn_web_icp', "source_file || '#' || cast(source_row as varchar)", 'crawl_year'),
    ('web_alibaba', 'int_firm__assn_web_alibaba', "source_file || '#' || cast(source_row as varchar)", 'crawl_year'),
    ('web_made_in_china', 'int_firm__assn_web_made_in_china',
     "source_file || '#' || cast(source_row as varchar)", 'crawl_year')] %}

union all
{%- if lt in ['web_alibaba', 'web_made_in_china'] %}
select '{{ lt }}',
       case when ambiguous_rule = 'pinyin' then 'pinyin_key_maps_to_several_firms'
            else 'name_maps_to_several_firms' end,
       case when ambiguous_rule = 'pinyin' then 'pinyin' else 'name' end,
       {{ yr }}, {{ key }}, name_key, n_candidate_firms, false
{%- else %}
select '{{ lt }}', 'name_maps_to_several_firms', 'name', {{ yr }}, {{ key }}, name_key, n_candidate_firms, false
{%- endif %}
from {{ ref(model) }}
where link_status = 'ambiguous'
{%- endfor %}
