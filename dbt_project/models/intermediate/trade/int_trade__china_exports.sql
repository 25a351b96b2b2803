-- China's exports (BACI) in the study window: importer x HS96 product x year.
-- unit_value in thousand USD per tonne (NULL without a positive quantity).
select
    f.year,
    f.importer_code,
    coalesce(c.iso3, 'BACI' || f.importer_code) as importer,
    f.hs6,
    f.value_kusd,
    f.quantity_t,
    case when f.quantity_t > 0 then f.value_kusd / f.quantity_t end as unit_value
from {{ ref('stg_baci__flows') }} f
left join {{ ref('stg_baci__countries') }} c on f.importer_code = c.country_code
where f.exporter_code = lpad('{{ var("apq_exporter_baci_code") }}', 3, '0')
  and f.importer_code <> f.exporter_code
  and f.year between {{ var('apq_start_year') }} and {{ var('apq_end_year') }}
