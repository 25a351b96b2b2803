{{ config(tags=['province_digital_tsi']) }}
{#- the study tag: tradewh build --study province_digital_tsi selects +tag:province_digital_tsi -#}
-- Estimation panel of paper 003: study province x year (30 x 2011-2022 = 360 rows).
-- tsi (regression scale, see idx_tsi) and its factor-intensity versions; dig (entropy) and
-- dig_pca; mediators hum, upd, cre; controls in levels and first differences (d_*, the paper's
-- regressors); region (var pdt_region_split), high_dig (top pdt_high_dig_n by period-mean Dig);
-- each Dig indicator normalised (dign_*) with its weight (w_*), so dig = sum w_* x dign_*;
-- how many inputs were filled by interpolation. Checked by expectations/panel_province_digital_tsi.py.
{%- set codes = var('pdt_dig_indicators') %}
with base as (
    select s.province_code, s.name_short, s.name_en, s.region, y.year
    from {{ ref('int_province__study_provinces') }} s
    cross join range({{ var('pdt_start_year') }}, {{ var('pdt_end_year') }} + 1) y (year)
),

ranking as (
    select province_code, avg(dig) as dig_period_mean,
           row_number() over (order by avg(dig) desc, province_code) <= {{ var('pdt_high_dig_n') }} as high
    from {{ ref('idx_digital_entropy') }}
    group by province_code
),

indicators as (
    select
        n.province_code, n.year
        {%- for c in codes %},
        max(n.x_norm) filter (where n.indicator_code = '{{ c }}') as dign_{{ c }},
        max(w.weight) filter (where n.indicator_code = '{{ c }}') as w_{{ c }}
        {%- endfor %}
    from {{ ref('int_dig__normalised') }} n
    join {{ ref('idx_dig_entropy_weights') }} w using (indicator_code, weight_group)
    group by all
)

select
    b.province_code as province, b.name_short as province_name, b.name_en as province_en, b.year,
    b.region, r.high::integer as high_dig, r.dig_period_mean,
    t.tsi, t.tsi_labour, t.tsi_capital, t.tsi_technology, t.tsi_level,
    d.dig, p.dig_pca,
    c.hum, c.upd, c.cre,
    c.lnpgdp, c.lnfcl, c.open, c.lnsci, c.d_lnpgdp, c.d_lnfcl, c.d_open, c.d_lnsci,
    d.n_filled_indicators, c.n_filled_inputs,
    i.* exclude (province_code, year)
from base b
left join ranking r using (province_code)
left join {{ ref('idx_tsi') }} t using (province_code, year)
left join {{ ref('idx_digital_entropy') }} d using (province_code, year)
left join {{ ref('idx_digital_pca') }} p using (province_code, year)
left join {{ ref('int_province__controls_mediators') }} c using (province_code, year)
left join indicators i using (province_code, year)
order by b.province_code, b.year
