{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- The matched firm-year backbone of the firm panels: one row per firm (firm_id) and year in
-- which it is in the survey or trades through its own customs code(s). Survey values (thousand
-- current RMB, persons) with the cleaning-filter flags, direct customs trade in current USD
-- (re-imports excluded), trade-digitisation status (paper 004) and patent applications by
-- application year (each co-applicant firm counts the full application). firm_id only.
with survey as (
    select * from {{ ref('int_firm__survey_firm_years') }}
),

trade as (
    select firm_id, year,
           count(distinct firm_code) as n_customs_codes,
           sum(case when flow = 'export' then value_usd else 0 end) as export_value_usd,
           sum(case when flow = 'import' then value_usd else 0 end) as import_value_usd,
           sum(case when flow = 'export' and trade_mode_coarse = 'processing' then value_usd else 0 end)
               as export_processing_usd,
           sum(case when flow = 'export' and trade_mode_coarse = 'ordinary' then value_usd else 0 end)
               as export_ordinary_usd
    from {{ ref('int_customs__flows_annual') }}
    group by firm_id, year
),

patents as (
    select firm_id, application_year as year,
           count(distinct application_number) as n_patent_applications,
           count(distinct case when patent_type = 'invention' then application_number end) as n_invention_applications,
           count(distinct case when is_digital_invention then application_number end)
               as n_digital_invention_applications
    from {{ ref('int_firm__assn_patent_applicant') }}
    where link_status = 'linked'
    group by firm_id, application_year
),

keys as (
    select firm_id, year from survey
    union
    select firm_id, year from trade
),

firm as (
    select firm_id, is_intermediary, pit_year, pdo_year, icp_year from {{ ref('dim_firm') }}
)

select
    k.firm_id, k.year,
    s.survey_record_id is not null as in_survey,
    t.firm_id is not null as in_customs,
    s.cic_adj, s.cic_version, s.province_code, s.ownership, s.registration_type,
    s.employment, s.sales_k_rmb, s.gross_output_k_rmb, s.export_delivery_k_rmb,
    s.total_assets_k_rmb, s.fixed_assets_k_rmb,
    s.first_failed_filter,
    s.survey_record_id is not null and s.first_failed_filter is null as passes_filters,
    coalesce(t.n_customs_codes, 0) as n_customs_codes,
    coalesce(t.export_value_usd, 0) as export_value_usd,
    coalesce(t.import_value_usd, 0) as import_value_usd,
    coalesce(t.export_processing_usd, 0) as export_processing_usd,
    coalesce(t.export_ordinary_usd, 0) as export_ordinary_usd,
    f.is_intermediary,
    coalesce(k.year >= f.pit_year, false) as pit,
    coalesce(k.year >= f.pdo_year, false) as pdo,
    coalesce(k.year >= f.icp_year, false) as icp,
    1 + case when k.year >= f.pdo_year then 1 else 0 end
      + 2 * case when k.year >= f.icp_year then 1 else 0 end
      + 4 * case when k.year >= f.pit_year then 1 else 0 end as dig_tr,
    coalesce(p.n_patent_applications, 0) as n_patent_applications,
    coalesce(p.n_invention_applications, 0) as n_invention_applications,
    coalesce(p.n_digital_invention_applications, 0) as n_digital_invention_applications
from keys k
left join survey s on k.firm_id = s.firm_id and k.year = s.year
left join trade t on k.firm_id = t.firm_id and k.year = t.year
left join patents p on k.firm_id = p.firm_id and k.year = p.year
left join firm f on k.firm_id = f.firm_id
