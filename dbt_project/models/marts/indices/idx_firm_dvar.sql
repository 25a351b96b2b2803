{{ config(tags=['robots_dvar']) }}
-- Export domestic value-added ratio of every surveyed firm-year that exports directly (paper
-- 001 eq. 2, in current USD), with every ingredient:
--   FVA_d = M^P_A + X^o M^o_AM / (D + X^o)        direct foreign content (Upward-Wang-Zheng)
--   DOM   = M^T - M^P_A - X^o M^o_AM / (D + X^o)  domestic materials, as printed
--   dvar  = 1 - (FVA_d - 0.05 DOM - 0.0417 NFA) / X   (var rdv_dvar_sign = as_printed)
--           1 - (FVA_d + 0.05 DOM + 0.0417 NFA) / X   (standard)
--           constants: vars rdv_dvar_domestic_foreign_share, rdv_dvar_nfa_coefficient
--   dvar_alt = 1 - FVA_d / X                      Table 2 (1): without the 5% and NFA terms
--   dvar_uwz = 1 - (M^P_A + X^o M^o_A / (D + X^o)) / X with M^o_A every ordinary import
--              (not only intermediate goods): the definition the synthetic universe plants
-- M^P_A, M^o_AM: actual (intermediary-adjusted) processing and ordinary intermediate imports
-- (int_dvar__firm_trade, vars rdv_intermediary_adjustment, rdv_ordinary_import_goods);
-- X, X^o: direct exports, ordinary exports; D = max(sales - export delivery, 0) converted at
-- the year's RMB/USD rate (int_macro__cny_per_usd); M^T, NFA from the survey with their
-- imputation (int_dvar__firm_accounts). Bounds (var rdv_dvar_bounds) apply to dvar and
-- dvar_alt: drop (NULL outside [0, 1]), cap, keep; the raw values stay in *_unbounded.
{%- set sign = var('rdv_dvar_sign') %}
{%- set c5 = var('rdv_dvar_domestic_foreign_share') %}
{%- set cn = var('rdv_dvar_nfa_coefficient') %}
{%- set bounds = var('rdv_dvar_bounds') %}
{%- set goods = var('rdv_ordinary_import_goods') %}
{%- if sign not in ['as_printed', 'standard'] %}
{{ exceptions.raise_compiler_error("var rdv_dvar_sign must be as_printed | standard, got " ~ sign) }}
{%- endif %}
{%- if bounds not in ['drop', 'cap', 'keep'] %}
{{ exceptions.raise_compiler_error("var rdv_dvar_bounds must be drop | cap | keep, got " ~ bounds) }}
{%- endif %}
{%- if goods not in ['intermediate', 'all'] %}
{{ exceptions.raise_compiler_error("var rdv_ordinary_import_goods must be intermediate | all, got " ~ goods) }}
{%- endif %}
with base as (
    select
        a.firm_id, a.year,
        t.x_usd, t.x_ordinary_usd, t.x_processing_usd, t.x_usd - t.x_ordinary_usd - t.x_processing_usd as x_other_usd,
        case when a.sales_k_rmb is not null and a.export_delivery_k_rmb is not null
             then greatest(a.sales_k_rmb - a.export_delivery_k_rmb, 0) * 1000.0 / fx.cny_per_usd end as d_usd,
        t.m_processing_direct_usd, t.m_processing_actual_usd,
        t.m_ordinary_direct_usd, t.m_ordinary_actual_usd,
        t.m_ordinary_intermediate_actual_usd,
        {%- if goods == 'intermediate' %}
        t.m_ordinary_intermediate_actual_usd as m_o_am_usd,
        {%- else %}
        t.m_ordinary_actual_usd as m_o_am_usd,
        {%- endif %}
        a.intermediate_input_k_rmb * 1000.0 / fx.cny_per_usd as m_t_usd,
        a.nfa_k_rmb * 1000.0 / fx.cny_per_usd as nfa_usd,
        a.is_intermediate_input_imputed, a.is_nfa_imputed,
        fx.cny_per_usd
    from {{ ref('int_dvar__firm_accounts') }} a
    join {{ ref('int_dvar__firm_trade') }} t on a.firm_id = t.firm_id and a.year = t.year
    join {{ ref('int_macro__cny_per_usd') }} fx on a.year = fx.year
    where t.x_usd > 0
),

terms as (
    select
        b.*,
        -- no ordinary exports: no ordinary content; unknown domestic sales: unknown
        case when b.x_ordinary_usd = 0 then 0
             when b.d_usd is not null then b.x_ordinary_usd * b.m_o_am_usd / (b.d_usd + b.x_ordinary_usd)
        end as m_o_allocated_usd,
        case when b.x_ordinary_usd = 0 then 0
             when b.d_usd is not null then b.x_ordinary_usd * b.m_ordinary_actual_usd / (b.d_usd + b.x_ordinary_usd)
        end as m_o_all_allocated_usd
    from base b
),

ratios as (
    select
        t.*,
        t.m_processing_actual_usd + t.m_o_allocated_usd as fva_direct_usd,
        t.m_t_usd - t.m_processing_actual_usd - t.m_o_allocated_usd as domestic_materials_usd,
        {%- if sign == 'as_printed' %}
        1 - (t.m_processing_actual_usd + t.m_o_allocated_usd
             - {{ c5 }} * (t.m_t_usd - t.m_processing_actual_usd - t.m_o_allocated_usd)
             - {{ cn }} * t.nfa_usd) / t.x_usd as dvar_unbounded,
        {%- else %}
        1 - (t.m_processing_actual_usd + t.m_o_allocated_usd
             + {{ c5 }} * (t.m_t_usd - t.m_processing_actual_usd - t.m_o_allocated_usd)
             + {{ cn }} * t.nfa_usd) / t.x_usd as dvar_unbounded,
        {%- endif %}
        1 - (t.m_processing_actual_usd + t.m_o_allocated_usd) / t.x_usd as dvar_alt_unbounded,
        1 - (t.m_processing_actual_usd + t.m_o_all_allocated_usd) / t.x_usd as dvar_uwz
    from terms t
)

select
    firm_id, year,
    case when x_ordinary_usd = 0 and x_processing_usd > 0 then 'pure_processing'
         when x_processing_usd = 0 and x_ordinary_usd > 0 then 'pure_ordinary'
         when x_processing_usd > 0 and x_ordinary_usd > 0 then 'mixed'
         else 'other_modes' end as exporter_type,
    m_processing_actual_usd + m_ordinary_actual_usd > 0 as is_importer,
    x_usd, x_ordinary_usd, x_processing_usd, x_other_usd, d_usd, cny_per_usd,
    m_processing_direct_usd, m_processing_actual_usd, m_ordinary_direct_usd, m_ordinary_actual_usd,
    m_ordinary_intermediate_actual_usd, m_o_am_usd, m_o_allocated_usd,
    m_t_usd, nfa_usd, is_intermediate_input_imputed, is_nfa_imputed,
    fva_direct_usd, domestic_materials_usd,
    dvar_unbounded, {{ rdv_bounded('dvar_unbounded') }} as dvar,
    dvar_alt_unbounded, {{ rdv_bounded('dvar_alt_unbounded') }} as dvar_alt,
    dvar_uwz,
    case when dvar_unbounded is null then 'missing'
         when dvar_unbounded < 0 then 'below_0' when dvar_unbounded > 1 then 'above_1'
         else 'inside' end as dvar_bound_status
from ratios
