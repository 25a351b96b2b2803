{{ config(tags=['digital_patents_quality']) }}
-- Paper 002 (digital_patents_quality) estimation panel: one row per matched exporter x
-- destination x year, dpq_start_year-dpq_end_year, with its export quality and the other
-- outcomes, digital-patent regressors, firm / regional / destination controls, split variables
-- and instruments. in_universe marks the study firms (var dpq_firm_universe, A2); the supply-
-- chain table uses the other exporters too. Every firm-level value is joined by firm_id (no
-- identities). Controls are cut at 1%/99% over the study firms' rows (dpq_winsorize, A11).
{%- set start, end = var('dpq_start_year'), var('dpq_end_year') %}
{%- set controls = ['age', 'finance', 'profit', 'klratio', 'turnover', 'lnlp', 'lev',
                    'open', 'market', 'pergdp', 'xr'] %}
with pairs as (
    select * from {{ ref('idx_firm_export_quality') }}
    where year between {{ start }} - 2 and {{ end }} and export_value_usd > 0
),

window_patents as (
    select firm_id,
        sum(n_digital_invention_applications) filter (where year between {{ start }} and {{ end }}) as n_digital_window,
        sum(n_patent_applications) filter (where year between {{ start }} and {{ end }}) as n_patents_window
    from {{ ref('idx_firm_patents') }}
    group by firm_id
),

firm as (
    select d.firm_id, d.province_code, d.city_code, d.cic2_adj as cic2, i.dig_industry,
           coalesce(w.n_digital_window, 0) > 0 as is_digital_patentee,
           coalesce(w.n_patents_window, 0) > 0 as is_patentee
    from {{ ref('dim_firm') }} d
    left join window_patents w on d.firm_id = w.firm_id
    left join {{ ref('industry_digitalisation') }} i on d.cic2_adj = i.cic2 and i.cic_version = 'GB/T 4754-2002'
),

joined as (
    select
        p.firm_id, p.iso3, p.year, p.firm_id || '|' || p.iso3 as firm_dest,
        f.province_code, f.city_code, f.cic2, f.dig_industry,
        {%- if var('dpq_firm_universe') == 'all_matched' %}
        true as in_universe,
        {%- elif var('dpq_firm_universe') == 'patentees' %}
        f.is_patentee as in_universe,
        {%- else %}
        f.is_digital_patentee as in_universe,
        {%- endif %}
        f.is_digital_patentee,
        p.export_value_usd, p.n_products, p.n_products_quality,
        p.qua, p.qua_fixed, p.qua_raw, p.qua_raw_fixed, p.qua_scale, p.qua_fixed_scale, p.unit_price,
        p.qua_core, p.qua_noncore, p.qua_core_scale, p.qua_noncore_scale, p.has_core_and_noncore,
        p.quant_keep, p.quant_in, p.quant_out, p.trans, p.qual_keep, p.qual_in, p.qual_out, p.qual_sub1, p.qual_sub2,
        p.vol_growth, p.vol_cv,
        coalesce(t.n_digital_invention_applications, 0) as n_digital_invention_applications,
        coalesce(t.digtech, 0) as digtech, t.digtech_a, coalesce(t.digtech_co, 0) as digtech_co,
        coalesce(t.digtech_in, 0) as digtech_in, t.digital_breadth_mean as digtech2,
        coalesce(t.in_network, false) as in_network, t.degree, t.structural_holes,
        c.age, c.finance, c.profit, c.klratio, c.turnover, c.lnlp, c.lev,
        r.open, r.market_index as market, r.ipr_strong, r.iv_post, r.iv_telephone,
        x.ln_gdp_pc as pergdp, x.ln_xr_per_cny as xr, x.nri_top,
        m.competition,
        i.dig_kinds, i.dig_counties, i.dig_value,
        s.digtech_supplier
    from pairs p
    join firm f on p.firm_id = f.firm_id
    left join {{ ref('idx_firm_patents') }} t on p.firm_id = t.firm_id and p.year = t.year
    left join {{ ref('int_firm__survey_controls') }} c on p.firm_id = c.firm_id and p.year = c.year
    left join {{ ref('int_region__controls') }} r on f.city_code = r.city_code and p.year = r.year
    left join {{ ref('int_destination__year_controls') }} x on p.iso3 = x.iso3 and p.year = x.year
    left join {{ ref('int_trade__firm_competition') }} m on p.firm_id = m.firm_id
    left join {{ ref('int_trade__firm_digital_imports') }} i on p.firm_id = i.firm_id and p.year = i.year
    left join {{ ref('int_supply_chain__client_suppliers') }} s on p.firm_id = s.firm_id and p.year = s.year
),

lagged as (
    select *,
        {%- if var('dpq_lag_mode') == 'firm' %}
        (select q.digtech from {{ ref('idx_firm_patents') }} q
         where q.firm_id = joined.firm_id and q.year = joined.year - 1) as digtech_l1_firm,
        {%- endif %}
        case when lag(year, 1) over w = year - 1 then lag(digtech, 1) over w end as digtech_l1_pair,
        case when lag(year, 2) over w = year - 2 then lag(digtech, 2) over w end as digtech_l2_pair,
        count(*) filter (where year between {{ start }} and {{ end }})
            over (partition by firm_id, iso3) as n_pair_years,
        max(year) filter (where year between {{ start }} and {{ end }}) over (partition by firm_id, iso3)
            - min(year) filter (where year between {{ start }} and {{ end }}) over (partition by firm_id, iso3) + 1
            as pair_span
    from joined
    window w as (partition by firm_id, iso3 order by year)
),

study as (
    select * from lagged where year between {{ start }} and {{ end }}
),

cuts as (
    select
        {%- for c in controls %}
        {{ quantile_value(c, var('dpq_winsorize_share')) }} filter (where in_universe) as {{ c }}_lo,
        {{ quantile_value(c, 1 - var('dpq_winsorize_share')) }} filter (where in_universe)
            as {{ c }}_hi{{ ',' if not loop.last }}
        {%- endfor %}
    from study
),

yearly as (
    select year,
        avg(vol_growth) filter (where in_universe) as vol_growth_year_mean
    from study group by year
),

breadth as (
    select {{ quantile_value('digtech2', 0.5) }} as digtech2_median
    from (select distinct firm_id, year, digtech2 from study where in_universe and digtech2 is not null) fy
),

panel as (
select
    s.firm_id, s.iso3, s.year, s.firm_dest, s.province_code, s.city_code, s.cic2,
    s.in_universe, s.is_digital_patentee,
    s.export_value_usd, s.n_products, s.n_products_quality,
    s.qua, s.qua_fixed, s.qua_raw, s.qua_raw_fixed, s.qua_scale, s.qua_fixed_scale, s.unit_price,
    s.qua_core, s.qua_noncore, s.qua_core_scale, s.qua_noncore_scale,
    coalesce(s.has_core_and_noncore, false) as has_core_and_noncore,
    s.quant_keep, s.quant_in, s.quant_out, s.trans, s.qual_keep, s.qual_in, s.qual_out, s.qual_sub1, s.qual_sub2,
    s.vol_growth,
    case when s.vol_growth is not null then cast(s.vol_growth > y.vol_growth_year_mean as integer) end as vol_high,
    s.vol_cv,
    s.n_digital_invention_applications, s.digtech, s.digtech_a, s.digtech_co, s.digtech_in,
    {%- if var('dpq_lag_mode') == 'firm' %}
    s.digtech_l1_firm as digtech_l1,
    (select q.digtech from {{ ref('idx_firm_patents') }} q
     where q.firm_id = s.firm_id and q.year = s.year - 2) as digtech_l2,
    {%- else %}
    s.digtech_l1_pair as digtech_l1, s.digtech_l2_pair as digtech_l2,
    {%- endif %}
    s.digtech2,
    case when s.digtech2 is not null then cast(s.digtech2 > b.digtech2_median as integer) end as innov_quality_high,
    s.in_network, s.degree, s.structural_holes,
    {%- for c in controls %}
    {%- if var('dpq_winsorize') == 'winsorize' %}
    least(greatest(s.{{ c }}, k.{{ c }}_lo), k.{{ c }}_hi) as {{ c }},
    {%- elif var('dpq_winsorize') == 'trim' %}
    case when s.{{ c }} between k.{{ c }}_lo and k.{{ c }}_hi then s.{{ c }} end as {{ c }},
    {%- else %}
    s.{{ c }},
    {%- endif %}
    {%- endfor %}
    (
        {%- for c in controls %}
        s.{{ c }} is not null{{ ' and' if not loop.last }}
        {%- endfor %}
    ) as has_controls,
    s.dig_industry, cast(s.ipr_strong as integer) as ipr_strong, cast(s.nri_top as integer) as nri_top,
    s.competition,
    {%- if var('dpq_continuous') == 'no_gaps' %}
    cast(s.pair_span = s.n_pair_years as integer) as is_continuous,
    {%- else %}
    cast(s.n_pair_years = {{ end }} - {{ start }} + 1 as integer) as is_continuous,
    {%- endif %}
    s.iv_post, s.iv_telephone,
    s.dig_kinds, s.dig_counties, s.dig_value,
    s.digtech_supplier
from study s
cross join cuts k
cross join breadth b
left join yearly y on s.year = y.year
),

first_rows as (
    -- Table 7: one row per firm of the baseline sample (its first row) carries the firm's class
    select firm_id, year, iso3
    from (select firm_id, year, iso3, row_number() over (partition by firm_id order by year, iso3) as rk
          from panel where in_universe and qua is not null and has_controls) ranked
    where rk = 1
)

select
    p.*,
    {%- for k in [4, 2, 3, 1] %}
    case when f.firm_id is not null and p.competition = {{ k }} then 1 end as firms_comp{{ k }},
    case when f.firm_id is not null and p.competition is not null then cast(p.competition = {{ k }} as integer) end
        as comp_share{{ k }},
    case when p.in_universe and p.qua is not null and p.has_controls and p.competition = {{ k }} then 1 end
        as obs_comp{{ k }}{{ ',' if not loop.last }}
    {%- endfor %}
from panel p
left join first_rows f on p.firm_id = f.firm_id and p.year = f.year and p.iso3 = f.iso3
-- a fixed row order: estimators that draw (the permutation test) see the same rows in the same order
order by p.firm_id, p.iso3, p.year
