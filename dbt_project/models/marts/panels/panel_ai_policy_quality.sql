{{ config(tags=['ai_policy_quality']) }}
{#- the study tag: tradewh build --study ai_policy_quality selects +tag:ai_policy_quality -#}
{#- Estimation panel of paper 000 (ai_policy_quality): China's exports, importer x HS6 x year.
    Dependent variables: KSW quality (standardised lnquality = quality_std_s3, raw, sigma
    variants, unit value). Treatment: treat (IFR robot use of the product's industry) x post
    (year >= apq_policy_year); placebo DIDs for each apq_placebo_years. Controls Z (paper
    Table 2); has_controls marks rows with all seven. Mediators: ln export scale, the product's
    share in its IFR industry's exports. Groups: income, Lall class / factor intensity, and the
    FTA/BRI/RCEP event-country flag. -#}
with q as (
    select * from {{ ref('idx_export_quality') }}
),
flows as (
    select importer, importer_code, hs6, year, value_kusd, quantity_t
    from {{ ref('int_trade__china_exports') }}
),
product_year as (
    select f.hs6, f.year, sum(f.value_kusd) as v_ht
    from {{ ref('int_trade__china_exports') }} f group by 1, 2
),
industry_year as (
    select p.ifr_code, py.year, sum(py.v_ht) as v_jt
    from product_year py join {{ ref('dim_product') }} p using (hs6) group by 1, 2
),
fta as (
    -- fta = 1 from the year China's FTA with the importer entered into force (MOFCOM)
    select iso3, min(in_force_year) as in_force_year
    from {{ ref('china_fta_partners') }}
    where {{ var('apq_fta_include_cepa') }} or agreement <> 'CEPA'
    group by 1
),
events as (
    select iso3 from {{ ref('china_fta_partners') }} where in_paper_event_list
    union
    select iso3 from {{ ref('bri_countries') }}
    union
    select iso3 from {{ ref('rcep_members') }}
),
panel as (
    select
        q.importer, f.importer_code, q.hs6, q.year,
        p.ifr_code, p.treat,
        (q.year >= {{ var('apq_policy_year') }})::integer as post,
        p.treat * (q.year >= {{ var('apq_policy_year') }})::integer as did,
        {%- for y in var('apq_placebo_years') %}
        p.treat * (q.year >= {{ y }})::integer as did_placebo_{{ y }},
        {%- endfor %}
        q.quality_std_s3 as lnquality,
        {%- for s in var('apq_sigmas') %}
        q.quality_raw_s{{ s }}, q.quality_std_s{{ s }},
        {%- endfor %}
        q.quality_uv, q.quality_uv_std,
        f.value_kusd as v_kusd, f.quantity_t as q_tonnes,
        ln(1 + t.mfn_pct / 100) as lnmfn,
        c.lnpgdp, c.lnexchange, c.lngdp, c.open, c.lninternet,
        case when fta.in_force_year <= q.year then 1 else 0 end as fta,
        d.income_group, d.high_income,
        p.lall_class, p.factor_intensity,
        coalesce(p.is_labour, false) as is_labour, coalesce(p.is_capital, false) as is_capital,
        coalesce(p.is_technology, false) as is_technology,
        ln(f.value_kusd) as ln_export_scale,
        py.v_ht / nullif(iy.v_jt, 0) as industry_share,
        q.importer in (select events.iso3 from events) as event_country
    from q
    join flows f using (importer, hs6, year)
    join {{ ref('dim_product') }} p using (hs6)
    left join {{ ref('int_tariff__importer_mfn') }} t using (importer, hs6, year)
    left join {{ ref('int_importer__controls') }} c using (importer, year)
    left join fta on q.importer = fta.iso3
    left join {{ ref('dim_country') }} d on q.importer = d.iso3
    left join product_year py using (hs6, year)
    left join industry_year iy on p.ifr_code = iy.ifr_code and q.year = iy.year
)
select
    *,
    (lnmfn is not null and lnpgdp is not null and lnexchange is not null and lngdp is not null
     and open is not null and lninternet is not null and fta is not null) as has_controls,
    -- lags within the importer-product pair, only when the previous year(s) are observed
    case when lag(year, 1) over w = year - 1 then lag(lnquality, 1) over w end as lnquality_l1,
    case when lag(year, 2) over w = year - 2 then lag(lnquality, 2) over w end as lnquality_l2,
    -- the pair is observed 1 (2) years ahead: the sample of a lead-operator placebo (Table 6)
    coalesce(lead(year, 1) over w = year + 1, false) as has_lead1,
    coalesce(lead(year, 2) over w = year + 2, false) as has_lead2,
    {%- if var('apq_quality_split') == 'product_median' %}
    lnquality >= median(lnquality) over (partition by hs6) as high_quality
    {%- else %}
    lnquality >= median(lnquality) over () as high_quality
    {%- endif %}
from panel
window w as (partition by importer, hs6 order by year)
