{{ config(tags=['truth']) }}
-- Evaluation only (never read by a matching model): the true firm (firm_uid of the synthetic
-- universe's answer key) of every unit the matching links, one row per unit:
--   survey_record      survey record id (by year and legal code as the survey wrote them,
--                      else year and name as written)
--   customs_code       customs enterprise code
--   registry_enterprise, trade_operator, patent_applicant (application#seq),
--   web_1688, web_icp, web_alibaba, web_made_in_china (source_file#row)
-- Empty when the raw directory has no truth files.
with fy as (
    select * from {{ ref('stg_truth__firm_years') }} where in_survey
),

by_code as (
    select r.survey_record_id, r.year, t.firm_uid
    from {{ ref('int_firm__survey_records') }} r
    join fy t on r.year = t.year and r.legal_code_key = t.survey_legal_code
),

by_name as (        -- records the legal code does not place (a blank or malformed code)
    select r.survey_record_id, r.year, t.firm_uid
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('stg_asif__firms') }} s on r.source_file = s.source_file and r.source_row = s.source_row
    join fy t on r.year = t.year and s.firm_name_raw = t.survey_name
    where not exists (select 1 from by_code c where c.survey_record_id = r.survey_record_id)
),

survey as (
    select * from by_code
    union all
    select * from by_name
),

lists as (
    select * from {{ ref('stg_truth__list_records') }}
),

customs_truth as (
    select distinct customs_code, firm_uid from {{ ref('stg_truth__firms') }}
)

select 'survey_record' as unit_type, cast(survey_record_id as varchar) as unit_key, year, firm_uid
from survey where firm_uid is not null
union all
select 'customs_code', c.firm_code, cast(null as integer), t.firm_uid
from {{ ref('int_customs__firms') }} c
join customs_truth t on c.firm_code = t.customs_code
union all
select 'registry_enterprise', coalesce(e.uscc, e.registration_number), cast(null as integer), l.firm_uid
from {{ ref('stg_registry__enterprises') }} e
join lists l on e.source_file = l.source_file and e.source_row = l.source_row
where l.firm_uid is not null
union all
select 'trade_operator', o.filing_number, cast(null as integer), l.firm_uid
from {{ ref('stg_registry__trade_operators') }} o
join lists l on o.source_file = l.source_file and o.source_row = l.source_row
where l.firm_uid is not null
union all
select 'patent_applicant', a.application_number || '#' || cast(a.applicant_seq as varchar), a.application_year,
       t.firm_uid
from {{ ref('int_firm__assn_patent_applicant') }} a
join {{ ref('stg_truth__patent_applicants') }} t
    on a.source_file = t.source_file and a.source_row = t.source_row and a.applicant_seq = t.applicant_seq
where t.firm_uid is not null
{%- for lt, model in [('web_1688', 'stg_web__1688_members'), ('web_icp', 'stg_web__icp_filings'),
                      ('web_alibaba', 'stg_web__alibaba_members'),
                      ('web_made_in_china', 'stg_web__made_in_china_members')] %}
union all
select '{{ lt }}', w.source_file || '#' || cast(w.source_row as varchar), w.crawl_year, l.firm_uid
from {{ ref(model) }} w
join lists l on w.source_file = l.source_file and w.source_row = l.source_row
where l.firm_uid is not null
{%- endfor %}
