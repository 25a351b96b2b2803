-- Export destination (ISO3) x year controls of paper 002: ln GDP per capita and ln GDP (WDI,
-- current USD), the exchange-rate ratio XR = ln(xr_destination / xr_China) from the Penn World
-- Table (destination currency per yuan, in logs), the WEF Networked Readiness Index of the
-- edition describing the year (edition year - dpq_nri_edition_lag) and whether the destination
-- is in the top dpq_nri_top_share of the economies scored that year, and ln distance to China
-- (CEPII, var dpq_distance).
with years as (
    select distinct importer as iso3, year from {{ ref('int_importer__wdi_wide') }}
    union
    select distinct iso3, year from {{ ref('stg_pwt__country_years') }}
),

china_xr as (
    select year, xr as xr_china from {{ ref('stg_pwt__country_years') }} where iso3 = 'CHN'
),

nri as (
    select iso3, edition_year - {{ var('dpq_nri_edition_lag') }} as year, nri,
           percent_rank() over (partition by edition_year order by nri desc) as nri_rank_share,
           count(*) over (partition by edition_year) as n_scored
    from {{ ref('stg_wef__nri') }}
),

dist as (
    select iso_d as iso3, {% if var('dpq_distance') == 'distw' %}coalesce(distw_km, dist_km) as dist_km{% else %}dist_km{% endif %}
    from {{ ref('stg_cepii__distances') }}
    where iso_o = 'CHN'
)

select
    y.iso3, y.year,
    w.gdp_pc_usd, {{ safe_ln('w.gdp_pc_usd') }} as ln_gdp_pc, w.gdp_usd, {{ safe_ln('w.gdp_usd') }} as ln_gdp,
    p.xr, c.xr_china, case when p.xr > 0 and c.xr_china > 0 then ln(p.xr / c.xr_china) end as ln_xr_per_cny,
    n.nri, n.n_scored as nri_n_scored,
    case when n.nri is not null then n.nri_rank_share < {{ var('dpq_nri_top_share') }} end as nri_top,
    d.dist_km, {{ safe_ln('d.dist_km') }} as ln_dist
from years y
left join {{ ref('int_importer__wdi_wide') }} w on y.iso3 = w.importer and y.year = w.year
left join {{ ref('stg_pwt__country_years') }} p on y.iso3 = p.iso3 and y.year = p.year
left join china_xr c on y.year = c.year
left join nri n on y.iso3 = n.iso3 and y.year = n.year
left join dist d on y.iso3 = d.iso3
where y.iso3 <> 'CHN'
