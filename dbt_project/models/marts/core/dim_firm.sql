{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- The matched firm dimension: one row per firm (firm_id), the survey firm chains and the
-- customs-only firms, with where it comes from, when it is seen, its industry and location,
-- the intermediary flags, its web adoption years and patent counts. Carries the
-- pseudonymous firm_id only: names, legal-person codes, customs codes and phones stay in
-- staging and the intermediate link tables (int_firm__identity_map).
with survey as (
    select firm_id, count(*) as n_survey_years, min(year) as first_survey_year, max(year) as last_survey_year
    from {{ ref('int_firm__survey_firm_years') }}
    group by firm_id
),

latest_survey as (
    select *, row_number() over (partition by firm_id order by year desc, survey_record_id desc) as rk
    from {{ ref('int_firm__survey_firm_years') }}
),

founding as (
    select firm_id, founding_year,
           row_number() over (partition by firm_id order by count(*) desc, founding_year) as rk
    from {{ ref('int_firm__survey_firm_years') }}
    where founding_year is not null
    group by firm_id, founding_year
),

customs as (
    select f.firm_id, count(*) as n_customs_codes, min(c.first_year) as first_customs_year,
           max(c.last_year) as last_customs_year, sum(c.export_value_usd) as customs_export_value_usd,
           sum(c.import_value_usd) as customs_import_value_usd,
           min(c.province_code) as customs_province_code,
           max(case when f.assignment = 'survey_name' then 1 else 0 end) = 1 as has_customs_code_by_name
    from {{ ref('int_firm__customs_firm_ids') }} f
    join {{ ref('int_customs__firms') }} c using (firm_code)
    group by f.firm_id
),

intermediary as (
    select firm_id,
           max(case when name_akw5 then 1 else 0 end) = 1 as name_akw5,
           max(case when name_akw7 then 1 else 0 end) = 1 as name_akw7,
           max(case when name_broad16 then 1 else 0 end) = 1 as name_broad16,
           max(case when registry_wholesale_retail then 1 else 0 end) = 1 as registry_wholesale_retail,
           max(case when is_intermediary then 1 else 0 end) = 1 as is_intermediary
    from {{ ref('int_firm__intermediary_flags') }}
    group by firm_id
),

registry as (
    select distinct firm_id from {{ ref('int_firm__assn_registry_firm') }} where decision = 'linked'
),

adoption as (
    select firm_id,
           min(case when channel = 'pit' then adoption_year end) as pit_year,
           min(case when channel = 'pdo' then adoption_year end) as pdo_year,
           min(case when channel = 'icp' then adoption_year end) as icp_year
    from {{ ref('int_firm__web_adoption') }}
    group by firm_id
),

patents as (
    select firm_id, count(distinct application_number) as n_patent_applications,
           count(distinct case when patent_type = 'invention' then application_number end) as n_invention_applications,
           count(distinct case when is_digital_invention then application_number end)
               as n_digital_invention_applications
    from {{ ref('int_firm__assn_patent_applicant') }}
    where link_status = 'linked'
    group by firm_id
),

firms as (
    select firm_id from survey
    union
    select firm_id from customs
)

select
    f.firm_id,
    case when s.firm_id is not null then 'survey' else 'customs_only' end as firm_origin,
    least(coalesce(s.first_survey_year, c.first_customs_year), coalesce(c.first_customs_year, s.first_survey_year))
        as first_year,
    greatest(coalesce(s.last_survey_year, c.last_customs_year), coalesce(c.last_customs_year, s.last_survey_year))
        as last_year,
    coalesce(s.n_survey_years, 0) as n_survey_years, s.first_survey_year, s.last_survey_year,
    coalesce(c.n_customs_codes, 0) as n_customs_codes, c.first_customs_year, c.last_customs_year,
    coalesce(l.province_code, c.customs_province_code) as province_code,
    l.city_code, l.county_code,
    l.cic_adj, left(l.cic_adj, 2) as cic2_adj, l.ownership, l.registration_type,
    fo.founding_year,
    coalesce(i.is_intermediary, false) as is_intermediary,
    coalesce(i.name_akw5, false) as intermediary_name_akw5,
    coalesce(i.name_akw7, false) as intermediary_name_akw7,
    coalesce(i.name_broad16, false) as intermediary_name_broad16,
    i.registry_wholesale_retail,
    r.firm_id is not null as registry_linked,
    a.pit_year, a.pdo_year, a.icp_year,
    coalesce(p.n_patent_applications, 0) as n_patent_applications,
    coalesce(p.n_invention_applications, 0) as n_invention_applications,
    coalesce(p.n_digital_invention_applications, 0) as n_digital_invention_applications,
    coalesce(c.customs_export_value_usd, 0) as customs_export_value_usd,
    coalesce(c.customs_import_value_usd, 0) as customs_import_value_usd
from firms f
left join survey s on f.firm_id = s.firm_id
left join latest_survey l on f.firm_id = l.firm_id and l.rk = 1
left join founding fo on f.firm_id = fo.firm_id and fo.rk = 1
left join customs c on f.firm_id = c.firm_id
left join intermediary i on f.firm_id = i.firm_id
left join registry r on f.firm_id = r.firm_id
left join adoption a on f.firm_id = a.firm_id
left join patents p on f.firm_id = p.firm_id
