-- Yuan per US dollar, annual average, one row per year: the WDI official rate (PA.NUS.FCRF,
-- China) where the WDI file has it, else the NBS yearbook series (seed cny_usd_annual_average).
-- A generic helper: any model converting thousand-yuan survey values to USD uses it.
with wdi as (
    select year, value as cny_per_usd
    from {{ ref('stg_wdi__values') }}
    where country_code = 'CHN' and indicator_code = 'PA.NUS.FCRF' and value > 0
),

yearbook as (
    select year, cny_per_100usd / 100.0 as cny_per_usd from {{ ref('cny_usd_annual_average') }}
)

select
    coalesce(w.year, y.year) as year,
    coalesce(w.cny_per_usd, y.cny_per_usd) as cny_per_usd,
    case when w.year is not null then 'wdi' else 'nbs_yearbook_seed' end as source
from wdi w
full outer join yearbook y on w.year = y.year
