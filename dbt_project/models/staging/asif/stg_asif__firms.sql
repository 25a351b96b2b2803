-- Annual Survey of Industrial Firms: one row per firm-year record. Money in thousand RMB
-- (current prices), employment in persons; codes zero-padded text; CIC in the year's vintage
-- (GB/T 4754-2002 until 2011, GB/T 4754-2011 from 2012, see seed cic_concordance_2002_2011).
select
    year, legal_code, legal_code_raw, firm_name, firm_name_raw, cic_code, cic_version,
    province_code, city_code, county_code, phone_raw, phone_digits, phone_area, phone_local, zip,
    registration_type, ownership, founding_year,
    gross_output_k_rmb, industrial_sales_k_rmb, sales_k_rmb, export_delivery_k_rmb, employment,
    fixed_assets_k_rmb, intermediate_input_k_rmb, net_fixed_assets_avg_k_rmb, rd_expense_k_rmb,
    wages_payable_k_rmb, total_profit_k_rmb, total_assets_k_rmb, total_liabilities_k_rmb,
    interest_expense_k_rmb, main_business_cost_k_rmb, depreciation_k_rmb, paid_in_capital_k_rmb,
    state_capital_k_rmb, hmt_capital_k_rmb, foreign_capital_k_rmb,
    source_file, source_row
from {{ ref('stg_asif__firms_checked') }}
where reason is null
