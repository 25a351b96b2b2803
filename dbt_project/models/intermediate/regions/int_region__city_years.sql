-- City (prefecture, GB/T 2260 code) x year inputs of paper 002's regional controls and
-- instruments, from the city yearbooks (scope 全市): population, nominal GDP, real GDP in
-- prices of dpq_gdp_base_year (chained from the yearbook's real growth rates), goods trade
-- (10k USD), broadband subscribers (10k households) and their one-year lag.
with wide as (
    select
        city_code, province_code, year,
        max(value) filter (where indicator_code = 'population') as population_10k,
        max(value) filter (where indicator_code = 'gdp') as gdp_10k_yuan,
        coalesce(max(value) filter (where indicator_code = 'gdp_real_growth'),
                 max(value) filter (where indicator_code = 'gdp_index_prev100') - 100) as gdp_real_growth_pct,
        max(value) filter (where indicator_code = 'trade') as trade_10k_usd,
        max(value) filter (where indicator_code = 'broadband_subscribers') as broadband_10k
    from {{ ref('stg_cities__yearbook') }}
    where scope = 'city' and year >= 1990
    group by city_code, province_code, year
),

chained as (
    select *,
        -- ln of the real GDP index: the growth into each year, cumulated (the first year's own
        -- growth is not needed: the index starts there)
        sum(case when gdp_real_growth_pct is not null then ln(1 + gdp_real_growth_pct / 100) else 0 end)
            over (partition by city_code order by year rows between unbounded preceding and current row)
            as ln_real_index
    from wide
),

based as (
    select c.*,
        max(case when c.year = {{ var('dpq_gdp_base_year') }} then c.gdp_10k_yuan end) over (partition by c.city_code)
            as gdp_base_10k_yuan,
        max(case when c.year = {{ var('dpq_gdp_base_year') }} then c.ln_real_index end) over (partition by c.city_code)
            as ln_real_index_base
    from chained c
)

select
    city_code, province_code, year, population_10k, gdp_10k_yuan, gdp_real_growth_pct,
    gdp_base_10k_yuan * exp(ln_real_index - ln_real_index_base) as real_gdp_10k_yuan,
    trade_10k_usd, broadband_10k,
    lag(broadband_10k) over (partition by city_code order by year) as broadband_10k_lag1,
    lag(year) over (partition by city_code order by year) = year - 1 as has_previous_year
from based
