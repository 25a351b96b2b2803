-- Direct exports of the matched firms (survey firms: dim_firm.firm_origin = 'survey') by firm x
-- HS6 (base vintage, HS 1996) x destination x year, dpq_start_year - 2 to dpq_end_year (the
-- volatility and switching measures look two years back): export value in current USD over
-- every unit, and value and quantity in the product's main unit (the unit with the largest
-- export value of the HS6 over the window: mixed-unit records of other units are left out of
-- unit values and quality, paper 002 ambiguity A7). Trade modes: var dpq_quality_trade_modes;
-- intermediaries: var dpq_quality_drop_intermediaries.
with flows as (
    select f.firm_id, f.year, f.hs6_base as hs6, f.partner_iso3 as iso3, f.unit, f.value_usd, f.quantity
    from {{ ref('int_customs__flows_annual') }} f
    join {{ ref('dim_firm') }} d on f.firm_id = d.firm_id
    where f.flow = 'export'
      and f.year between {{ var('dpq_start_year') }} - 2 and {{ var('dpq_end_year') }}
      and f.partner_iso3 is not null and f.hs6_base is not null and f.value_usd > 0
      and d.firm_origin = 'survey'
      {% if var('dpq_quality_trade_modes') == 'ordinary' %}and f.trade_mode_coarse = 'ordinary'{% endif %}
      {% if var('dpq_quality_drop_intermediaries') %}and not d.is_intermediary{% endif %}
),

main_unit as (
    select hs6, unit
    from (
        select hs6, unit, row_number() over (partition by hs6 order by sum(value_usd) desc, unit) as rk
        from flows
        where unit is not null and quantity > 0
        group by hs6, unit
    ) ranked
    where rk = 1
)

select
    f.firm_id, f.hs6, f.iso3, f.year,
    sum(f.value_usd) as value_usd,
    sum(case when f.unit = u.unit and f.quantity > 0 then f.value_usd end) as value_main_unit_usd,
    sum(case when f.unit = u.unit and f.quantity > 0 then f.quantity end) as quantity_main_unit,
    min(u.unit) as main_unit
from flows f
left join main_unit u on f.hs6 = u.hs6
group by f.firm_id, f.hs6, f.iso3, f.year
