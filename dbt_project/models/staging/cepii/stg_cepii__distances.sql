-- CEPII GeoDist: one row per ordered pair of economies (ISO3), distances in km (dist: between
-- the most populated cities; distcap: capitals; distw / distwces: population-weighted, NULL
-- where CEPII prints none) and the pair dummies.
select iso_o, iso_d, dist_km, distcap_km, distw_km, distwces_km, contig, comlang_off, smctry,
       source_file, source_row
from {{ ref('stg_cepii__distances_checked') }}
where reason is null
