-- Paper 002's firm controls (§3.4) per firm-year from the industrial-firm survey (thousand
-- current RMB; no deflators, as the paper states none):
--   age      ln(year - founding year + 1)
--   finance  interest expense / total assets
--   profit   total profit / sales (the layout has no operating profit, 营业利润)
--   klratio  ln(fixed assets / employment)
--   turnover sales / total assets
--   lnlp     ln(gross output / employment)
--   lev      total liabilities / total assets
-- Survey records failing the cleaning filters keep their values unless var
-- dpq_apply_survey_filters is true (the paper states no filter besides its 1%/99% cut). Where a
-- firm has several records in a year the first by record id is used.
with recs as (
    select f.firm_id, f.year, f.survey_record_id, f.first_failed_filter, r.source_file, r.source_row,
           row_number() over (partition by f.firm_id, f.year order by f.survey_record_id) as rk
    from {{ ref('int_firm__survey_firm_years') }} f
    join {{ ref('int_firm__survey_records') }} r on f.survey_record_id = r.survey_record_id
    {% if var('dpq_apply_survey_filters') %}where f.first_failed_filter is null{% endif %}
),

vals as (
    select r.firm_id, r.year, s.founding_year, s.employment, s.sales_k_rmb, s.gross_output_k_rmb,
           s.fixed_assets_k_rmb, s.total_assets_k_rmb, s.total_liabilities_k_rmb, s.interest_expense_k_rmb,
           s.total_profit_k_rmb, s.cic_code, s.cic_version, s.province_code, s.city_code
    from recs r
    join {{ ref('stg_asif__firms') }} s on r.source_file = s.source_file and r.source_row = s.source_row
    where r.rk = 1
)

select
    firm_id, year, employment, sales_k_rmb, total_assets_k_rmb,
    case when founding_year is not null and founding_year <= year then ln(year - founding_year + 1) end as age,
    interest_expense_k_rmb / nullif(total_assets_k_rmb, 0) as finance,
    total_profit_k_rmb / nullif(sales_k_rmb, 0) as profit,
    case when fixed_assets_k_rmb > 0 and employment > 0 then ln(fixed_assets_k_rmb / employment) end as klratio,
    sales_k_rmb / nullif(total_assets_k_rmb, 0) as turnover,
    case when gross_output_k_rmb > 0 and employment > 0 then ln(gross_output_k_rmb / employment) end as lnlp,
    total_liabilities_k_rmb / nullif(total_assets_k_rmb, 0) as lev
from vals
