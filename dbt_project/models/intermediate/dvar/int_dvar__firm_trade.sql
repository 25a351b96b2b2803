-- Direct customs trade of every non-intermediary firm x year (current USD) and its "actual"
-- imports (paper 001 eq. 2, the M^P_A and M^o_AM of Upward, Wang & Zheng 2013):
--   exports        x (every trade mode), x_ordinary (一般贸易), x_processing (processing modes)
--   processing     m_processing_direct: 进料加工 + 来料加工 + the 2007-2011 加工贸易 label,
--                  equipment imported for processing (来料加工装配进口的设备) excluded;
--                  m_processing_actual = sum over HS6 of direct / (1 - intermediaries' share of
--                  the HS6's processing imports that year)
--   ordinary       m_ordinary_direct (all goods) and m_ordinary_actual (grossed up the same
--                  way with the ordinary-trade shares); the same for intermediate goods only
--                  (BEC intermediate classes, int_product__hs96_bec; var rdv_bec_mixed_hs6
--                  decides HS6 linked to several classes): m_ordinary_intermediate_*
-- var rdv_intermediary_adjustment: hs6_regime (default) | none (actual = direct).
{%- set adjust = var('rdv_intermediary_adjustment') %}
{%- if adjust not in ['hs6_regime', 'none'] %}
{{ exceptions.raise_compiler_error("var rdv_intermediary_adjustment must be hs6_regime | none, got " ~ adjust) }}
{%- endif %}
{%- set mixed = var('rdv_bec_mixed_hs6') %}
{%- if mixed not in ['intermediate', 'exclude'] %}
{{ exceptions.raise_compiler_error("var rdv_bec_mixed_hs6 must be intermediate | exclude, got " ~ mixed) }}
{%- endif %}
with flows as (
    select f.firm_id, f.year, f.flow, coalesce(f.hs6_base, f.hs6) as hs6, f.trade_mode,
           f.trade_mode_coarse, f.value_usd,
           case when f.trade_mode = 'ordinary' then 'ordinary'
                when f.trade_mode_coarse = 'processing' and f.trade_mode <> 'processing_equipment' then 'processing'
           end as regime
    from {{ ref('int_customs__flows_annual') }} f
    left join {{ ref('int_firm__intermediary_flags') }} i on f.firm_code = i.firm_code
    where not coalesce(i.is_intermediary, false) and f.firm_id is not null
),

imports as (
    select
        fl.firm_id, fl.year, fl.regime, fl.value_usd,
        {%- if adjust == 'none' %}
        fl.value_usd as actual_usd,
        {%- else %}
        fl.value_usd / (1 - coalesce(s.intermediary_share, 0)) as actual_usd,
        {%- endif %}
        {%- if mixed == 'intermediate' %}
        coalesce(b.is_any_intermediate, false) as is_intermediate_good
        {%- else %}
        coalesce(b.sna_class = 'intermediate', false) as is_intermediate_good
        {%- endif %}
    from flows fl
    left join {{ ref('int_dvar__intermediary_import_shares') }} s
        on fl.year = s.year and fl.hs6 = s.hs6 and fl.regime = s.regime
    left join {{ ref('int_product__hs96_bec') }} b on fl.hs6 = b.hs6
    where fl.flow = 'import' and fl.regime is not null
),

firm_years as (
    select distinct firm_id, year from flows
),

exports as (
    select firm_id, year, sum(value_usd) as x_usd,
           sum(case when trade_mode = 'ordinary' then value_usd else 0 end) as x_ordinary_usd,
           sum(case when trade_mode_coarse = 'processing' then value_usd else 0 end) as x_processing_usd
    from flows where flow = 'export'
    group by firm_id, year
),

input_imports as (
    select firm_id, year,
           sum(case when regime = 'processing' then value_usd else 0 end) as m_processing_direct_usd,
           sum(case when regime = 'processing' then actual_usd else 0 end) as m_processing_actual_usd,
           sum(case when regime = 'ordinary' then value_usd else 0 end) as m_ordinary_direct_usd,
           sum(case when regime = 'ordinary' then actual_usd else 0 end) as m_ordinary_actual_usd,
           sum(case when regime = 'ordinary' and is_intermediate_good then value_usd else 0 end)
               as m_ordinary_intermediate_direct_usd,
           sum(case when regime = 'ordinary' and is_intermediate_good then actual_usd else 0 end)
               as m_ordinary_intermediate_actual_usd
    from imports
    group by firm_id, year
),

other_imports as (
    select firm_id, year, sum(value_usd) as m_other_usd
    from flows where flow = 'import' and regime is null
    group by firm_id, year
)

select
    k.firm_id, k.year,
    coalesce(x.x_usd, 0) as x_usd,
    coalesce(x.x_ordinary_usd, 0) as x_ordinary_usd,
    coalesce(x.x_processing_usd, 0) as x_processing_usd,
    coalesce(m.m_processing_direct_usd, 0) as m_processing_direct_usd,
    coalesce(m.m_processing_actual_usd, 0) as m_processing_actual_usd,
    coalesce(m.m_ordinary_direct_usd, 0) as m_ordinary_direct_usd,
    coalesce(m.m_ordinary_actual_usd, 0) as m_ordinary_actual_usd,
    coalesce(m.m_ordinary_intermediate_direct_usd, 0) as m_ordinary_intermediate_direct_usd,
    coalesce(m.m_ordinary_intermediate_actual_usd, 0) as m_ordinary_intermediate_actual_usd,
    coalesce(o.m_other_usd, 0) as m_other_usd
from firm_years k
left join exports x on k.firm_id = x.firm_id and k.year = x.year
left join input_imports m on k.firm_id = m.firm_id and k.year = m.year
left join other_imports o on k.firm_id = o.firm_id and k.year = o.year
