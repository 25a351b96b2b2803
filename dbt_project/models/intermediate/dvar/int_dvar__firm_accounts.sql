-- The survey accounts paper 001 needs, one row per surveyed firm x year (firm_id from the
-- matching layer; thousand current yuan, persons): sales, export delivery, gross output,
-- intermediate input M^T and net fixed assets NFA with their imputation where the survey has
-- none (the 2008+ layouts), employment, assets, liabilities, profit, cost, R&D, ownership,
-- location, industry (CIC harmonised to 2002) and the cleaning-filter outcome.
--   var rdv_mt_imputation   firm_ratio: gross output x the firm's mean M^T / gross output over
--                           its years with M^T (else the median ratio of its CIC division) |
--                           cost: 主营业务成本 + 利息支出 - 应付工资 - 本年折旧 (missing parts 0) |
--                           none
--   var rdv_nfa_imputation  firm_ratio: 固定资产 x the firm's mean NFA / 固定资产 (else the
--                           division median) | fixed_assets: 固定资产 itself | none
-- A firm with two survey records in a year (two chains merged) keeps the record with the
-- larger sales (then the smaller survey_record_id).
{%- set mt = var('rdv_mt_imputation') %}
{%- set nfa = var('rdv_nfa_imputation') %}
{%- if mt not in ['firm_ratio', 'cost', 'none'] %}
{{ exceptions.raise_compiler_error("var rdv_mt_imputation must be firm_ratio | cost | none, got " ~ mt) }}
{%- endif %}
{%- if nfa not in ['firm_ratio', 'fixed_assets', 'none'] %}
{{ exceptions.raise_compiler_error("var rdv_nfa_imputation must be firm_ratio | fixed_assets | none, got " ~ nfa) }}
{%- endif %}
{%- set mt_ratio_expr -%}
case when intermediate_input_k_rmb > 0 and gross_output_k_rmb > 0
               then intermediate_input_k_rmb / gross_output_k_rmb end
{%- endset %}
{%- set nfa_ratio_expr -%}
case when net_fixed_assets_avg_k_rmb > 0 and fixed_assets_k_rmb > 0
               then net_fixed_assets_avg_k_rmb / fixed_assets_k_rmb end
{%- endset %}
with records as (
    select
        y.firm_id, y.year, y.survey_record_id, y.cic_adj, y.province_code, y.registration_type,
        y.ownership, y.founding_year, y.first_failed_filter,
        y.first_failed_filter is null as passes_filters,
        s.sales_k_rmb, s.export_delivery_k_rmb, s.gross_output_k_rmb, s.employment,
        s.intermediate_input_k_rmb, s.net_fixed_assets_avg_k_rmb, s.fixed_assets_k_rmb,
        s.total_assets_k_rmb, s.total_liabilities_k_rmb, s.total_profit_k_rmb,
        s.main_business_cost_k_rmb, s.rd_expense_k_rmb, s.wages_payable_k_rmb,
        s.interest_expense_k_rmb, s.depreciation_k_rmb, s.paid_in_capital_k_rmb,
        s.state_capital_k_rmb,
        row_number() over (partition by y.firm_id, y.year
                           order by s.sales_k_rmb desc nulls last, y.survey_record_id asc) as rk
    from {{ ref('int_firm__survey_firm_years') }} y
    join {{ ref('int_firm__survey_records') }} r on y.survey_record_id = r.survey_record_id
    join {{ ref('stg_asif__firms') }} s on r.source_file = s.source_file and r.source_row = s.source_row
),

one as (
    select * from records where rk = 1
),

firm_ratios as (
    select firm_id,
           avg(case when intermediate_input_k_rmb > 0 and gross_output_k_rmb > 0
                    then intermediate_input_k_rmb / gross_output_k_rmb end) as mt_ratio,
           avg(case when net_fixed_assets_avg_k_rmb > 0 and fixed_assets_k_rmb > 0
                    then net_fixed_assets_avg_k_rmb / fixed_assets_k_rmb end) as nfa_ratio
    from one
    group by firm_id
),

division_ratios as (
    select substring(cic_adj, 1, 2) as cic2,
           {{ median_agg(mt_ratio_expr) }} as mt_ratio,
           {{ median_agg(nfa_ratio_expr) }} as nfa_ratio
    from one
    group by substring(cic_adj, 1, 2)
)

select
    o.firm_id, o.year, o.survey_record_id, o.cic_adj, substring(o.cic_adj, 1, 2) as cic2,
    o.province_code, o.registration_type, o.ownership, o.founding_year,
    o.passes_filters, o.first_failed_filter,
    o.sales_k_rmb, o.export_delivery_k_rmb, o.gross_output_k_rmb, o.employment,
    o.total_assets_k_rmb, o.total_liabilities_k_rmb, o.total_profit_k_rmb,
    o.main_business_cost_k_rmb, o.rd_expense_k_rmb, o.wages_payable_k_rmb, o.interest_expense_k_rmb,
    o.depreciation_k_rmb, o.fixed_assets_k_rmb, o.paid_in_capital_k_rmb, o.state_capital_k_rmb,
    o.intermediate_input_k_rmb as intermediate_input_reported_k_rmb,
    o.net_fixed_assets_avg_k_rmb as nfa_reported_k_rmb,
    coalesce(o.intermediate_input_k_rmb,
        {%- if mt == 'firm_ratio' %}
        o.gross_output_k_rmb * coalesce(f.mt_ratio, d.mt_ratio)
        {%- elif mt == 'cost' %}
        o.main_business_cost_k_rmb + coalesce(o.interest_expense_k_rmb, 0)
            - coalesce(o.wages_payable_k_rmb, 0) - coalesce(o.depreciation_k_rmb, 0)
        {%- else %}
        cast(null as double)
        {%- endif %}
    ) as intermediate_input_k_rmb,
    o.intermediate_input_k_rmb is null as is_intermediate_input_imputed,
    coalesce(o.net_fixed_assets_avg_k_rmb,
        {%- if nfa == 'firm_ratio' %}
        o.fixed_assets_k_rmb * coalesce(f.nfa_ratio, d.nfa_ratio)
        {%- elif nfa == 'fixed_assets' %}
        o.fixed_assets_k_rmb
        {%- else %}
        cast(null as double)
        {%- endif %}
    ) as nfa_k_rmb,
    o.net_fixed_assets_avg_k_rmb is null as is_nfa_imputed
from one o
left join firm_ratios f on o.firm_id = f.firm_id
left join division_ratios d on d.cic2 = substring(o.cic_adj, 1, 2)
