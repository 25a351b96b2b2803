{{ config(tags=['trade_digitization_quality']) }}
{#- Paper 004 (trade digitisation, flexible productivity and export quality) estimation panel:
    one row per matched survey firm-year, var tdq_start_year..tdq_end_year (2002-2015), firm_id
    only. Exporters (edu = 1: direct customs exports) carry quality, flexibility and the
    customs controls; non-exporters stay for the Heckman selection probit (Table 4 (1)).
    Trade intermediaries (var tdq_intermediary_rule) and, with var tdq_survey_filters, survey
    firm-years failing the matching layer's cleaning filters are left out. in_sample marks
    the paper's estimation sample: exporting firm-years with QSY and lndig. -#}
{%- set digits = var('tdq_industry_digits') | int %}
{%- set scope = tdq_choice('tdq_capital_tercile_scope', ['year', 'pooled', 'industry_year']) %}
with survey as (
    select c.*
    from {{ ref('int_firm__tdq_survey_controls') }} c
    join {{ ref('dim_firm') }} f on c.firm_id = f.firm_id
    where c.year between {{ var('tdq_start_year') }} and {{ var('tdq_end_year') }}
      and not {{ tdq_is_intermediary('f') }}
      {%- if var('tdq_survey_filters') %}
      and c.first_failed_filter is null
      {%- endif %}
),

joined as (
    select
        s.firm_id, s.year, s.province_code, left(s.cic_adj, {{ digits }}) as industry,
        coalesce(y.export_value_usd, 0) > 0 as edu,
        q.qsy, q.qbw, q.qkl, q.qlp, q.qop,
        q.lnlambda_sy, q.lnlambda_bw, q.lnlambda_kl, q.lnlambda_lp, q.lnlambda_op,
        q.n_quality_rows,
        d.dig_tr, d.lndig, d.pit, d.pdo, d.icp, d.lndigs, d.lndig_l1, d.dig_ivt, d.dig_ivt_share,
        x.flex, x.n_export_records, x.lncnpd,
        s.lnsca, s.lnage, s.lncap, s.lnpwa, s.lnfir, s.lnpro, s.foe,
        ln(1 + coalesce(y.n_patent_applications, 0)) as lninn,
        t.lntfp,
        tc.lnpgp, tc.lngdp, tc.lnsdp, tc.iui_share,
        n.internet_rate_pct / 100.0 as int_share,
        tc.dpi, tc.ict, tc.mac, tc.oct, tc.con, tc.imd, tc.cap,
        tc.is_general_trade, tc.ordinary_export_share,
        s.size_class, s.capital_intensity, s.age, s.is_startup,
        coalesce(y.export_value_usd, 0) as export_value_usd
    from survey s
    left join {{ ref('dim_firm_year') }} y on s.firm_id = y.firm_id and s.year = y.year
    left join {{ ref('idx_firm_year_export_quality') }} q on s.firm_id = q.firm_id and s.year = q.year
    left join {{ ref('idx_firm_digitization') }} d on s.firm_id = d.firm_id and s.year = d.year
    left join {{ ref('idx_firm_flexibility') }} x on s.firm_id = x.firm_id and s.year = x.year
    left join {{ ref('idx_firm_trade_controls') }} tc on s.firm_id = tc.firm_id and s.year = tc.year
    left join {{ ref('int_firm__tdq_tfp') }} t on s.firm_id = t.firm_id and s.year = t.year
    left join {{ ref('stg_cnnic__province_internet') }} n on s.province_code = n.province_code and s.year = n.year
),

sampled as (
    select
        *,
        edu and qsy is not null and lndig is not null as in_sample
    from joined
),

terciles as (
    select firm_id, year,
           ntile(3) over (
               {%- if scope == 'year' %} partition by year{% elif scope == 'industry_year' %} partition by industry, year{% endif %}
               order by capital_intensity, firm_id) as capital_tercile
    from sampled
    where in_sample and capital_intensity is not null
)

select
    s.firm_id, s.year, s.province_code, s.industry,
    s.province_code || '_' || s.industry as prov_ind,
    s.province_code || '_' || s.industry || '_' || cast(s.year as varchar) as prov_ind_year,
    case when s.edu then 1 else 0 end as edu,
    s.in_sample,
    s.qsy, s.qbw, s.qkl, s.qlp, s.qop,
    s.lnlambda_sy, s.lnlambda_bw, s.lnlambda_kl, s.lnlambda_lp, s.lnlambda_op, s.n_quality_rows,
    s.dig_tr, s.lndig, s.pit, s.pdo, s.icp, s.lndigs, s.lndig_l1, s.dig_ivt, s.dig_ivt_share,
    s.flex, s.n_export_records, s.lncnpd,
    s.lnsca, s.lnage, s.lncap, s.lnpwa, s.lnfir, s.lnpro, s.foe, s.lninn, s.lntfp,
    s.lnpgp, s.lngdp, s.lnsdp, s.iui_share, s.int_share,
    s.dpi, s.ict, s.mac, s.oct, s.con, s.imd, s.cap,
    case when s.is_general_trade then 1 when s.is_general_trade is not null then 0 end as is_general_trade,
    s.ordinary_export_share,
    s.size_class,
    case when s.size_class in ('small', 'micro') then 1 when s.size_class is not null then 0 end as is_small_micro,
    s.capital_intensity,
    case when t.capital_tercile = 3 then 1 when t.capital_tercile is not null then 0 end as is_capital_intensive,
    s.age,
    case when s.is_startup then 1 when s.is_startup is not null then 0 end as is_startup,
    case when s.year <= 2007 then '2002-2007' else '2008-2015' end as period,
    s.export_value_usd
from sampled s
left join terciles t on s.firm_id = t.firm_id and s.year = t.year

order by s.firm_id, s.year
