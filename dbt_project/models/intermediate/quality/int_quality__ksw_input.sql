-- The KSW estimation sample: flows with a positive quantity (BACI q can be missing).
-- ln q and ln p enter y = ln q + sigma ln p, residualised on HS6 and importer x year effects.
select
    importer, hs6, year,
    importer || '_' || cast(year as varchar) as importer_year,
    ln(quantity_t) as ln_q,
    ln(unit_value) as ln_p
from {{ ref('int_trade__china_exports') }}
where quantity_t > 0
