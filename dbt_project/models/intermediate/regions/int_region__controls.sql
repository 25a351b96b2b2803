-- City x year regional controls and instruments of paper 002 (firms are located by the city of
-- their survey address code):
--   ln_rgdp   ln real GDP (prices of dpq_gdp_base_year, 10k yuan) of the firm's region, the
--             variety control of the quality regressions (dpq_region_level: province | city)
--   open      goods imports + exports (USD x the year's CNY/USD rate, PWT) / GDP, same region
--   market_index, ipr_index, ipr_strong   province (the only level they are published at)
--   iv_post, iv_telephone   1984 post-and-telecom volume / telephones per million residents of
--             the city x ln broadband subscribers of the region in t-1 (dpq_iv_broadband_level:
--             city | province), 黄群慧 et al. (2019)
with city as (
    select * from {{ ref('int_region__city_years') }}
),

prov as (
    select * from {{ ref('int_region__province_years') }}
),

rate as (
    select year, xr as cny_per_usd from {{ ref('stg_pwt__country_years') }} where iso3 = 'CHN'
),

joined as (
    select
        c.city_code, c.province_code, c.year,
        {{ safe_ln('c.real_gdp_10k_yuan') }} as ln_rgdp_city, {{ safe_ln('p.real_gdp_10k_yuan') }} as ln_rgdp_province,
        c.trade_10k_usd * r.cny_per_usd / nullif(c.gdp_10k_yuan, 0) as open_city,
        p.trade_10k_usd * r.cny_per_usd / nullif(p.gdp_10k_yuan, 0) as open_province,
        p.market_index, p.ipr_index, p.ipr_strong,
        case when c.has_previous_year then {{ safe_ln('c.broadband_10k_lag1') }} end as ln_broadband_lag1_city,
        {{ safe_ln('p.broadband_10k_lag1') }} as ln_broadband_lag1_province,
        h.post1984_per_million, h.telephones1984_per_million
    from city c
    left join prov p on c.province_code = p.province_code and c.year = p.year
    left join rate r on c.year = r.year
    left join {{ ref('int_region__city_1984') }} h on c.city_code = h.city_code
)

{% set level = var('dpq_region_level') %}
{% set iv_level = var('dpq_iv_broadband_level') %}
select
    *,
    ln_rgdp_{{ level }} as ln_rgdp, open_{{ level }} as open,
    ln_broadband_lag1_{{ iv_level }} as ln_broadband_lag1,
    post1984_per_million * ln_broadband_lag1_{{ iv_level }} as iv_post,
    telephones1984_per_million * ln_broadband_lag1_{{ iv_level }} as iv_telephone
from joined
