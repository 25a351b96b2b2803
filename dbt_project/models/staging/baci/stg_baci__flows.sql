-- BACI HS96 bilateral flows: one row per (year, exporter, importer, HS96 product).
-- v in thousand current USD, q in metric tonnes (NULL when BACI has no quantity).
select year, exporter_code, importer_code, hs6, value_kusd, quantity_t, source_file, source_row
from {{ ref('stg_baci__flows_checked') }}
where reason is null
