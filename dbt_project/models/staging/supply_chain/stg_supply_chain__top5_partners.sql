-- Listed firms' top-5 customers and suppliers as disclosed in annual reports: one row per
-- listed firm (stock code) x report date x relation (customer / supplier) x rank. Names are
-- normalised (full-width to half-width, brackets, spaces) beside the raw text; they are linked
-- to firms in the intermediate layer, and stay out of the marts.
select
    stock_code, company_name, company_name_raw, report_date, year(report_date) as year, relation, partner_rank,
    partner_name, partner_name_raw, is_anonymous, amount_yuan, share_pct, source_file, source_row
from {{ ref('stg_supply_chain__top5_partners_checked') }}
where reason is null
