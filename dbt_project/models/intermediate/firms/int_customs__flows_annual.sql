-- Customs records collapsed to firm (enterprise code) x year x flow x HS8 x partner x trade
-- mode, value in current USD and quantity in the record's unit, with the HS6 code in the base
-- vintage (int_customs__hs_base: var firm_hs_link_rule; a split code shares value equally) and the
-- partner's ISO3 (2007-2011 numeric customs codes are mapped in staging; 701 'unknown' has
-- none). Re-imports (imports from China itself) are dropped here and counted in
-- rpt_customs_collapse. firm_id from int_firm__customs_firm_ids. The aggregation keys are the
-- codes only; labels are joined afterwards (keeps the hash table small at full scale).
with agg as (
    select
        t.firm_code, t.year, t.flow, t.hs8, t.hs_vintage, h.hs6_base, t.country_code, t.trade_mode, t.unit,
        sum(t.value_usd * h.weight) as value_usd,
        sum(t.quantity * h.weight) as quantity,
        sum(h.weight) as n_records
    from {{ ref('stg_customs__transactions') }} t
    join {{ ref('int_customs__hs_base') }} h on t.hs_vintage = h.hs_vintage and t.hs6 = h.hs6
    where not t.is_reimport
    group by t.firm_code, t.year, t.flow, t.hs8, t.hs_vintage, h.hs6_base, t.country_code, t.trade_mode, t.unit
),

modes as (
    select distinct trade_mode, trade_mode_coarse, is_processing from {{ ref('customs_trade_modes') }}
),

hs_links as (
    select distinct hs_vintage, hs6, hs6_base, hs_link from {{ ref('int_customs__hs_base') }}
)

select
    a.firm_code, f.firm_id, a.year, a.flow, a.hs8, a.hs_vintage, left(a.hs8, 6) as hs6,
    a.hs6_base, l.hs_link,
    c.iso3 as partner_iso3, a.country_code as partner_customs_code,
    a.trade_mode, m.trade_mode_coarse, m.is_processing, a.unit,
    a.value_usd, a.quantity, a.n_records
from agg a
left join {{ ref('int_firm__customs_firm_ids') }} f on a.firm_code = f.firm_code
left join {{ ref('customs_countries') }} c on a.country_code = c.customs_code and c.is_primary
left join modes m on a.trade_mode = m.trade_mode
left join hs_links l on a.hs_vintage = l.hs_vintage and l.hs6 = left(a.hs8, 6)
    and l.hs6_base is not distinct from a.hs6_base
