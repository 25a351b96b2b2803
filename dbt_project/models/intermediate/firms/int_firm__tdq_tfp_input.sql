-- Inputs of paper 004's Olley-Pakes TFP (int_firm__tdq_tfp): every matched survey firm-year
-- that passes the survey filters, var tdq_data_start_year .. tdq_end_year, with gross output,
-- intermediate input (until 2007), employment, fixed assets (thousand RMB) and its 2-digit
-- industry (CIC harmonised to GB/T 4754-2002).
select
    c.firm_id, c.year, left(c.cic_adj, 2) as industry,
    c.gross_output_k_rmb, s.intermediate_input_k_rmb, c.employment, c.fixed_assets_k_rmb
from {{ ref('int_firm__tdq_survey_controls') }} c
join {{ ref('int_firm__survey_records') }} r on c.survey_record_id = r.survey_record_id
join {{ ref('stg_asif__firms') }} s on r.source_file = s.source_file and r.source_row = s.source_row
where c.year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
  and c.first_failed_filter is null
