-- Paper 004's firm controls from the survey (§3.4), one row per matched survey firm-year
-- (int_firm__survey_firm_years: the firm's survey record of the year), money in thousand RMB:
--   lnage  ln(year - founding year + 1)          lnsca  ln(employment)
--   lncap  ln(fixed assets / employment + 1)      lnpwa  ln(wages payable / employment + 1)
--   lnfir  ln(interest expense / total assets + 1)   (larger = weaker financing constraint)
--   lnpro  ln(total profit / industrial sales value + 1)  (NULL when the ratio is <= -1)
--   foe    1 if the foreign capital share of paid-in capital is >= var tdq_foe_threshold (25%);
--          foreign = 外商资本 (+ 港澳台资本 with var tdq_foe_includes_hmt); without a usable
--          paid-in capital the registration type decides (foreign 3xx, HMT 2xx)
--   size_class   NBS 2017 industry rule (seed nbs_size_thresholds) on employment and revenue
--                (var tdq_size_revenue: sales_k_rmb = 主营业务收入 | gross_output_k_rmb)
--   capital_intensity  fixed assets per employee (its tercile is taken in the panel)
--   age, is_startup    years since founding + 1, start-up when age <= var tdq_startup_max_age
-- The 2010 survey lacks wages, interest and industrial sales (NULL controls that year).
{%- set revenue = tdq_choice('tdq_size_revenue', ['sales_k_rmb', 'gross_output_k_rmb']) %}
with rec as (
    select
        y.firm_id, y.year, y.survey_record_id, y.province_code, y.cic_adj, y.first_failed_filter,
        s.founding_year, s.employment, s.fixed_assets_k_rmb, s.wages_payable_k_rmb,
        s.interest_expense_k_rmb, s.total_assets_k_rmb, s.total_profit_k_rmb,
        s.industrial_sales_k_rmb, s.sales_k_rmb, s.gross_output_k_rmb, s.paid_in_capital_k_rmb,
        s.foreign_capital_k_rmb, s.hmt_capital_k_rmb, s.registration_type
    from {{ ref('int_firm__survey_firm_years') }} y
    join {{ ref('int_firm__survey_records') }} r on y.survey_record_id = r.survey_record_id
    join {{ ref('stg_asif__firms') }} s on r.source_file = s.source_file and r.source_row = s.source_row
),

ratios as (
    select
        rec.*,
        case
            when rec.founding_year is not null and rec.founding_year <= rec.year then rec.year - rec.founding_year + 1
        end as age,
        rec.fixed_assets_k_rmb / nullif(rec.employment, 0) as capital_intensity,
        (coalesce(rec.foreign_capital_k_rmb, 0)
         {%- if var('tdq_foe_includes_hmt') %} + coalesce(rec.hmt_capital_k_rmb, 0){% endif %})
            / nullif(rec.paid_in_capital_k_rmb, 0) as foreign_share,
        rec.total_profit_k_rmb / nullif(rec.industrial_sales_k_rmb, 0) as profit_rate
    from rec
),

sized as (
    select r.firm_id, r.year, min(t.rank) as size_rank
    from ratios r
    join {{ ref('nbs_size_thresholds') }} t
      on coalesce(r.employment, 0) >= t.min_employment and coalesce(r.{{ revenue }}, 0) >= t.min_revenue_k_rmb
    group by r.firm_id, r.year
)

select
    r.firm_id, r.year, r.survey_record_id, r.province_code, r.cic_adj, r.first_failed_filter,
    r.age,
    ln(r.age) as lnage,
    {{ safe_ln('r.employment') }} as lnsca,
    case when r.capital_intensity >= 0 then ln(r.capital_intensity + 1) end as lncap,
    case when r.wages_payable_k_rmb / nullif(r.employment, 0) >= 0
         then ln(r.wages_payable_k_rmb / r.employment + 1) end as lnpwa,
    case when r.interest_expense_k_rmb / nullif(r.total_assets_k_rmb, 0) > -1
         then ln(r.interest_expense_k_rmb / r.total_assets_k_rmb + 1) end as lnfir,
    case when r.profit_rate > -1 then ln(r.profit_rate + 1) end as lnpro,
    r.foreign_share,
    case
        when r.foreign_share is not null
            then case when r.foreign_share >= {{ var('tdq_foe_threshold') }} then 1 else 0 end
        when r.registration_type like '3%'
            {%- if var('tdq_foe_includes_hmt') %} or r.registration_type like '2%'{% endif %}
            then 1
        else 0
    end as foe,
    r.capital_intensity,
    t.size_class,
    case when r.age is not null then r.age <= {{ var('tdq_startup_max_age') }} end as is_startup,
    r.employment, r.sales_k_rmb, r.gross_output_k_rmb, r.fixed_assets_k_rmb
from ratios r
left join sized z on r.firm_id = z.firm_id and r.year = z.year
left join {{ ref('nbs_size_thresholds') }} t on z.size_rank = t.rank
