-- Customs records collapsed to firm (enterprise code) x year x flow x HS8 x partner x trade
-- mode, value in current USD and quantity in the record's unit, with the HS6 code in the base
-- vintage (int_customs__hs_base: 1:n splits share value and quantity equally) and the
-- partner's ISO3 (2007-2011 numeric customs codes are mapped in staging; 701 'unknown' has
-- none). Re-imports (imports from China itself) are dropped here and counted in
-- rpt_customs_collapse. firm_id from int_firm__customs_firm_ids.
select
    t.firm_code, f.firm_id, t.year, t.flow, t.hs8, t.hs_vintage, t.hs6,
    h.hs6_base, h.hs_link,
    t.country_iso3 as partner_iso3, t.country_code as partner_customs_code,
    t.trade_mode, t.trade_mode_coarse, t.is_processing, t.unit,
    sum(t.value_usd * h.weight) as value_usd,
    sum(t.quantity * h.weight) as quantity,
    sum(h.weight) as n_records
from {{ ref('stg_customs__transactions') }} t
join {{ ref('int_customs__hs_base') }} h on h.hs_vintage = t.hs_vintage and h.hs6 = t.hs6
left join {{ ref('int_firm__customs_firm_ids') }} f on f.firm_code = t.firm_code
where not t.is_reimport
group by t.firm_code, f.firm_id, t.year, t.flow, t.hs8, t.hs_vintage, t.hs6, h.hs6_base, h.hs_link,
         t.country_iso3, t.country_code, t.trade_mode, t.trade_mode_coarse, t.is_processing, t.unit
