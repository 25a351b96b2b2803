-- Paper 004's quality estimation sample: one row per firm x destination x product x trade mode
-- x unit x year of direct exports (customs collapse int_customs__flows_annual, re-imports out),
-- years var tdq_data_start_year .. tdq_end_year (earlier years serve the lagged price of QLP).
--   product     var tdq_quality_product: hs8 = the native HS8 code (the paper's c; a code
--               changed by an HS revision starts a new product) | hs8_base = base-vintage HS6 +
--               the national digits (one product across revisions)
--   trade_mode  var tdq_trade_mode_level: coarse (ordinary / processing / other: the 2007-2011
--               files only say 加工贸易) | detailed
--   unit        the record's unit: values and quantities of different units are different
--               markets (the paper is silent on mixed units)
-- Trade intermediaries (var tdq_intermediary_rule; the paper: registry industry wholesale or
-- retail) and flows without a quantity or a known destination are left out. ln p = ln unit
-- value (USD per unit), ln q = ln quantity; sigma_* from int_quality__tdq_sigma by destination x
-- base HS6; ln_p_lag = the same firm x destination x product x mode x unit's ln p at t - 1.
{%- set product = tdq_choice('tdq_quality_product', ['hs8', 'hs8_base']) %}
{%- set mode = tdq_choice('tdq_trade_mode_level', ['coarse', 'detailed']) %}
with flows as (
    select
        a.firm_id, a.year, a.partner_iso3 as destination,
        {%- if product == 'hs8' %}
        a.hs8 as product,
        {%- else %}
        a.hs6_base || substr(a.hs8, 7, 2) as product,
        {%- endif %}
        a.hs6_base,
        {{ 'a.trade_mode_coarse' if mode == 'coarse' else 'a.trade_mode' }} as trade_mode,
        a.unit, a.value_usd, a.quantity
    from {{ ref('int_customs__flows_annual') }} a
    join {{ ref('dim_firm') }} f on a.firm_id = f.firm_id
    where a.flow = 'export'
      and a.year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
      and a.partner_iso3 is not null and a.hs6_base is not null and a.firm_id is not null
      and not {{ tdq_is_intermediary('f') }}
),

cells as (
    -- a native code split over several base codes (1:n) comes back together here; its sigma
    -- is looked up with the smallest base code
    select firm_id, year, destination, product, trade_mode, unit,
           min(hs6_base) as hs6_base, sum(value_usd) as value_usd, sum(quantity) as quantity
    from flows
    group by firm_id, year, destination, product, trade_mode, unit
),

priced as (
    select c.*, ln(c.value_usd / c.quantity) as ln_p, ln(c.quantity) as ln_q
    from cells c
    where c.quantity > 0 and c.value_usd > 0
)

select
    p.firm_id, p.year, p.destination, p.product, p.trade_mode, p.unit, p.hs6_base,
    p.value_usd, p.quantity, p.ln_p, p.ln_q,
    s.sigma_sy, s.sigma_sy_source, s.sigma_bw, s.sigma_bw_source,
    l.ln_p as ln_p_lag
from priced p
left join {{ ref('int_quality__tdq_sigma') }} s on p.destination = s.importer and p.hs6_base = s.hs6_base
left join priced l
    on p.firm_id = l.firm_id and p.destination = l.destination and p.product = l.product
   and p.trade_mode = l.trade_mode and p.unit = l.unit and l.year = p.year - 1
