{#- Paper 004's customs-based controls and moderators of an exporting firm-year:
      lngdp, lnpgp   export-weighted ln GDP / ln GDP per capita of the destinations (WDI, current
                     USD): sum_d w_fdt ln X_dt, w = export value shares over the destinations
                     with the series (var tdq_wdi_fill: none | nearest = a destination-year
                     without a value takes the nearest year's)
      iui_share      export-weighted share of the destinations' population using the internet
                     (WDI IT.NET.USER.ZS / 100)
      lnsdp          information cost: the coefficient of variation of Chinese exporters' unit
                     values in each destination x product (x unit) x year (sample sd across the
                     firms of the cell, >= 2 firms), combined with export weights w_fdct:
                     var tdq_lnsdp_form: weighted_log = sum w ln CV | log_weighted = ln sum w CV
      dpi, ict, mac, oct, con, imd, cap
                     1 if the firm imports a digital product in the year (seed digital_products,
                     longest HS prefix of the base-vintage or native code): by function ict /
                     mac (robots) / oct (other), by end use con / imd / cap (UN HS1996 -> BEC
                     table from the reference directory, else the seed's BEC class; seed
                     bec_end_use)
      ordinary_export_share, is_general_trade
                     share of export value in general trade (一般贸易); general-trade firm by
                     var tdq_general_trade_rule: all_ordinary | majority | any
    One row per firm (firm_id) x year with direct exports, trade intermediaries included (the
    panel drops them). -#}
{%- set fill = tdq_choice('tdq_wdi_fill', ['none', 'nearest']) %}
{%- set sdp = tdq_choice('tdq_lnsdp_form', ['weighted_log', 'log_weighted']) %}
{%- set gt = tdq_choice('tdq_general_trade_rule', ['all_ordinary', 'majority', 'any']) %}
with exports as (
    select firm_id, year, partner_iso3 as destination, sum(value_usd) as value_usd,
           sum(case when trade_mode_coarse = 'ordinary' then value_usd else 0 end) as ordinary_usd
    from {{ ref('int_customs__flows_annual') }}
    where flow = 'export' and firm_id is not null
      and year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
    group by firm_id, year, partner_iso3
),

wdi_obs as (
    select importer as iso3, year, gdp_usd, gdp_pc_usd, internet_pct
    from {{ ref('int_importer__wdi_wide') }}
),

{%- if fill == 'nearest' %}
dest_years as (
    select distinct e.destination as iso3, e.year from exports e where e.destination is not null
),
{%- for s in ['gdp_usd', 'gdp_pc_usd', 'internet_pct'] %}
near_{{ s }} as (
    select d.iso3, d.year, w.{{ s }},
           row_number() over (partition by d.iso3, d.year order by abs(w.year - d.year), w.year) as rk
    from dest_years d
    join wdi_obs w on w.iso3 = d.iso3 and w.{{ s }} is not null
),
{%- endfor %}
wdi as (
    select d.iso3, d.year, g.gdp_usd, p.gdp_pc_usd, i.internet_pct
    from dest_years d
    left join near_gdp_usd g on g.iso3 = d.iso3 and g.year = d.year and g.rk = 1
    left join near_gdp_pc_usd p on p.iso3 = d.iso3 and p.year = d.year and p.rk = 1
    left join near_internet_pct i on i.iso3 = d.iso3 and i.year = d.year and i.rk = 1
),
{%- else %}
wdi as (select * from wdi_obs),
{%- endif %}

destination_controls as (
    select
        e.firm_id, e.year,
        sum(e.value_usd) as export_value_usd,
        sum(e.ordinary_usd) / nullif(sum(e.value_usd), 0) as ordinary_export_share,
        count(distinct e.destination) as n_destinations,
        {{ value_weighted_mean(safe_ln('w.gdp_usd'), 'e.value_usd') }} as lngdp,
        {{ value_weighted_mean(safe_ln('w.gdp_pc_usd'), 'e.value_usd') }} as lnpgp,
        {{ value_weighted_mean('w.internet_pct / 100.0', 'e.value_usd') }} as iui_share
    from exports e
    left join wdi w on e.destination = w.iso3 and e.year = w.year
    group by e.firm_id, e.year
),

unit_values as (
    -- firm x destination x product x unit x year (modes summed), the quality sample's rows
    select firm_id, year, destination, product, unit,
           sum(value_usd) as value_usd, sum(value_usd) / sum(quantity) as unit_value
    from {{ ref('int_quality__tdq_input') }}
    group by firm_id, year, destination, product, unit
),

price_dispersion as (
    select destination, product, unit, year,
           stddev_samp(unit_value) / nullif(avg(unit_value), 0) as price_cv
    from unit_values
    group by destination, product, unit, year
    having count(*) >= 2
),

information_cost as (
    select u.firm_id, u.year,
        {%- if sdp == 'weighted_log' %}
        {{ value_weighted_mean("case when d.price_cv > 0 then ln(d.price_cv) end", 'u.value_usd') }} as lnsdp
        {%- else %}
        {{ safe_ln(value_weighted_mean('d.price_cv', 'u.value_usd')) }} as lnsdp
        {%- endif %}
    from unit_values u
    left join price_dispersion d
        on u.destination = d.destination and u.product = d.product and u.unit = d.unit and u.year = d.year
    group by u.firm_id, u.year
),

imports as (
    select firm_id, year, hs6_base, hs6, sum(value_usd) as value_usd
    from {{ ref('int_customs__flows_annual') }}
    where flow = 'import' and firm_id is not null
      and year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
    group by firm_id, year, hs6_base, hs6
),

digital_match as (
    -- the longest prefix of seed digital_products matching the base-vintage or the native code
    select i.firm_id, i.year, i.hs6_base, i.value_usd, d.hs_prefix, d.digital_group, d.bec_demo,
           row_number() over (partition by i.firm_id, i.year, i.hs6_base, i.hs6
                              order by length(d.hs_prefix) desc, d.hs_prefix) as rk
    from imports i
    join {{ ref('digital_products') }} d
      on i.hs6_base like d.hs_prefix || '%' or i.hs6 like d.hs_prefix || '%'
),

un_bec as (
    select distinct hs6, bec from {{ source('reference', 'hs_bec') }} where hs_nomen = 'H1'
),

digital_use as (
    select m.firm_id, m.year, m.value_usd, m.digital_group,
           coalesce(u.end_use, s.end_use) as end_use
    from digital_match m
    left join un_bec b on m.hs6_base = b.hs6
    left join {{ ref('bec_end_use') }} u on b.bec = u.bec
    left join {{ ref('bec_end_use') }} s on m.bec_demo = s.bec and b.hs6 is null
    where m.rk = 1
),

digital_imports as (
    select firm_id, year,
           sum(value_usd) as digital_import_usd,
           max(case when digital_group = 'ict' then 1 else 0 end) as ict,
           max(case when digital_group = 'robot' then 1 else 0 end) as mac,
           max(case when digital_group = 'other' then 1 else 0 end) as oct,
           max(case when end_use = 'consumption' then 1 else 0 end) as con,
           max(case when end_use = 'intermediate' then 1 else 0 end) as imd,
           max(case when end_use = 'capital' then 1 else 0 end) as cap
    from digital_use
    group by firm_id, year
)

select
    c.firm_id, c.year, c.export_value_usd, c.n_destinations,
    c.lngdp, c.lnpgp, c.iui_share, i.lnsdp,
    c.ordinary_export_share,
    {%- if gt == 'all_ordinary' %}
    c.ordinary_export_share >= 1 - 1e-9 as is_general_trade,
    {%- elif gt == 'majority' %}
    c.ordinary_export_share >= 0.5 as is_general_trade,
    {%- else %}
    c.ordinary_export_share > 0 as is_general_trade,
    {%- endif %}
    coalesce(d.digital_import_usd, 0) as digital_import_usd,
    case when d.firm_id is not null then 1 else 0 end as dpi,
    coalesce(d.ict, 0) as ict, coalesce(d.mac, 0) as mac, coalesce(d.oct, 0) as oct,
    coalesce(d.con, 0) as con, coalesce(d.imd, 0) as imd, coalesce(d.cap, 0) as cap
from destination_controls c
left join information_cost i on c.firm_id = i.firm_id and c.year = i.year
left join digital_imports d on c.firm_id = d.firm_id and c.year = d.year
order by c.firm_id, c.year
