-- BACI HS96 product dictionary (6-digit text codes).
select hs6, description, source_file, source_row
from {{ ref('stg_baci__products_checked') }}
where reason is null
