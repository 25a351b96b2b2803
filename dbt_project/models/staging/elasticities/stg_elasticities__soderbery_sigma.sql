-- Soderbery (2018) import-demand elasticity of substitution sigma by importer (ISO3) x HS
-- 4-digit heading, as published (one row per cell; no imputation here: paper 004's fallback
-- for cells without an estimate is int_quality__tdq_sigma).
select importer, importer_name, hs4, sigma, omega, source_file, source_row
from {{ ref('stg_elasticities__soderbery_sigma_checked') }}
where reason is null
