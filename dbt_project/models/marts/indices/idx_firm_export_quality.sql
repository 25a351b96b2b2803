-- Paper 002's export measures of a firm x destination x year (dpq_start_year - 2 to
-- dpq_end_year): KSW quality aggregated over the products (eq. 8), the unit-price alternative,
-- core and non-core product quality, product switching (creative destruction) and export
-- volatility. Products are HS6 (HS 1996); weights are export values (USD) of the products with
-- the measure (macro value_weighted_mean).
with products as (
    select e.firm_id, e.iso3, e.year, e.hs6, e.value_usd,
           q.r_qua, q.r_qua_fixed, q.quality, q.quality_fixed, q.inv_range, q.inv_range_fixed, q.ln_p,
           {{ minmax_within('exp(q.ln_p)', 'partition by e.hs6') }} as uv_minmax,
           sum(e.value_usd) over (partition by e.firm_id, e.year, e.hs6) as value_firm_product_usd
    from {{ ref('int_trade__firm_export_products') }} e
    left join {{ ref('int_quality__variety_quality') }} q
      on e.firm_id = q.firm_id and e.hs6 = q.hs6 and e.iso3 = q.iso3 and e.year = q.year
),

ranked as (
    select *,
        row_number() over (partition by firm_id, iso3, year order by value_usd desc, hs6 asc) as rank_in_pair,
        dense_rank() over (partition by firm_id, year order by value_firm_product_usd desc, hs6 asc) as rank_in_firm
    from products
),

core as (
    select *,
        {% if var('dpq_core_rank_level') == 'firm_year' -%}
        rank_in_firm = 1 as is_core
        {%- else -%}
        rank_in_pair = 1 as is_core
        {%- endif %}
    from ranked
),

switch as (
    -- product status against the previous year of the same firm x destination
    select
        coalesce(c.firm_id, p.firm_id) as firm_id, coalesce(c.iso3, p.iso3) as iso3,
        coalesce(c.year, p.year + 1) as year, coalesce(c.hs6, p.hs6) as hs6,
        case when c.hs6 is not null and p.hs6 is not null then 'keep'
             when c.hs6 is not null then 'in' else 'out' end as status,
        c.value_usd, c.r_qua, p.value_usd as value_prev_usd, p.r_qua as r_qua_prev
    from core c
    full join core p on c.firm_id = p.firm_id and c.iso3 = p.iso3 and c.hs6 = p.hs6 and p.year = c.year - 1
),

switch_pair as (
    select firm_id, iso3, year,
        count(*) filter (where status = 'keep') as n_keep,
        count(*) filter (where status = 'in') as n_in,
        count(*) filter (where status = 'out') as n_out,
        {{ value_weighted_mean("case when status = 'keep' then r_qua end", 'value_usd') }} as qual_keep,
        {{ value_weighted_mean("case when status = 'in' then r_qua end", 'value_usd') }} as qual_in,
        {{ value_weighted_mean("case when status = 'out' then r_qua_prev end", 'value_prev_usd') }} as qual_out
    from switch
    group by firm_id, iso3, year
),

pair as (
    select firm_id, iso3, year,
        sum(value_usd) as export_value_usd,
        count(*) as n_products,
        count(r_qua) as n_products_quality,
        {{ value_weighted_mean('r_qua', 'value_usd') }} as qua,
        {{ value_weighted_mean('r_qua_fixed', 'value_usd') }} as qua_fixed,
        {{ value_weighted_mean('quality', 'value_usd') }} as qua_raw,
        {{ value_weighted_mean('quality_fixed', 'value_usd') }} as qua_raw_fixed,
        {{ value_weighted_mean("case when r_qua is not null then inv_range end", 'value_usd') }} as qua_scale,
        {{ value_weighted_mean("case when r_qua_fixed is not null then inv_range_fixed end", 'value_usd') }}
            as qua_fixed_scale,
        {{ value_weighted_mean('ln_p', 'value_usd') }} as unit_price_ln,
        {{ value_weighted_mean('uv_minmax', 'value_usd') }} as unit_price_minmax,
        max(case when is_core then r_qua end) as qua_core,
        max(case when is_core then inv_range end) as qua_core_scale,
        {{ value_weighted_mean('case when not is_core then r_qua end', 'value_usd') }} as qua_noncore,
        {{ value_weighted_mean('case when not is_core and r_qua is not null then inv_range end', 'value_usd') }}
            as qua_noncore_scale
    from core
    group by firm_id, iso3, year
),

vol as (
    select p.*,
        ln(p.export_value_usd) - ln(lag(p.export_value_usd) over w) as export_growth,
        lag(p.year) over w = p.year - 1 as has_previous_year,
        stddev_samp(p.export_value_usd) over k / avg(p.export_value_usd) over k as export_cv,
        count(*) over k = {{ var('dpq_volatility_window') }}
            and min(p.year) over k = p.year - {{ var('dpq_volatility_window') }} + 1 as has_cv_window
    from pair p
    window w as (partition by firm_id, iso3 order by year),
           k as (partition by firm_id, iso3 order by year
                 rows between {{ var('dpq_volatility_window') - 1 }} preceding and current row)
)

select
    v.firm_id, v.iso3, v.year, v.export_value_usd, v.n_products, v.n_products_quality,
    v.qua, v.qua_fixed, v.qua_raw, v.qua_raw_fixed, v.qua_scale, v.qua_fixed_scale,
    v.unit_price_ln, v.unit_price_minmax,
    {% if var('dpq_unit_price_form') == 'minmax' %}v.unit_price_minmax{% else %}v.unit_price_ln{% endif %} as unit_price,
    v.qua_core, v.qua_noncore, v.qua_core_scale, v.qua_noncore_scale,
    v.qua_core is not null and v.qua_noncore is not null as has_core_and_noncore,
    s.n_keep, s.n_in, coalesce(s.n_out, 0) as n_out,
    case when v.has_previous_year then s.n_keep + coalesce(s.n_out, 0) end as n_products_prev,
    ln(1 + s.n_keep) as quant_keep, ln(1 + s.n_in) as quant_in, ln(1 + coalesce(s.n_out, 0)) as quant_out,
    case when v.has_previous_year then
        {% if var('dpq_trans_denominator') == 'union' -%}
        (s.n_in + coalesce(s.n_out, 0)) * 1.0 / (s.n_keep + s.n_in + coalesce(s.n_out, 0))
        {%- else -%}
        (s.n_in + coalesce(s.n_out, 0)) * 1.0 / (v.n_products + s.n_keep + coalesce(s.n_out, 0))
        {%- endif %}
    end as trans,
    s.qual_keep, s.qual_in, s.qual_out,
    case when s.qual_in is not null and s.qual_out is not null then cast(s.qual_in > s.qual_out as integer) end
        as qual_sub1,
    s.qual_in - s.qual_out as qual_sub2,
    case when v.has_previous_year then v.export_growth end as export_growth,
    case when v.has_previous_year then abs(v.export_growth - avg(case when v.has_previous_year then v.export_growth end)
                                            over (partition by v.firm_id, v.iso3)) end as vol_growth,
    case when v.has_cv_window then v.export_cv end as vol_cv
from vol v
left join switch_pair s on v.firm_id = s.firm_id and v.iso3 = s.iso3 and v.year = s.year
where v.year between {{ var('dpq_start_year') }} - 2 and {{ var('dpq_end_year') }}
