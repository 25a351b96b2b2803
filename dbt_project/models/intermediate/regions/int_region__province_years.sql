-- Province x year: the city-yearbook series summed over the province's cities (nominal and
-- real GDP, trade, broadband, population), the marketisation index and the IPR indices, with
-- IPR strength = the chosen index (dpq_ipr_index) above the mean over provinces of the year.
with cities as (
    select province_code, year,
           sum(gdp_10k_yuan) as gdp_10k_yuan, sum(real_gdp_10k_yuan) as real_gdp_10k_yuan,
           sum(trade_10k_usd) as trade_10k_usd, sum(broadband_10k) as broadband_10k,
           sum(broadband_10k_lag1) as broadband_10k_lag1, sum(population_10k) as population_10k,
           count(*) as n_cities
    from {{ ref('int_region__city_years') }}
    group by province_code, year
),

ipr as (
    select province_code, year, ipr_protection, ipr_composite,
           {% if var('dpq_ipr_index') == 'composite' %}ipr_composite{% else %}ipr_protection{% endif %} as ipr_index
    from {{ ref('stg_institutions__ipr') }}
)

select
    coalesce(c.province_code, m.province_code, i.province_code) as province_code,
    coalesce(c.year, m.year, i.year) as year,
    c.gdp_10k_yuan, c.real_gdp_10k_yuan, c.trade_10k_usd, c.broadband_10k, c.broadband_10k_lag1,
    c.population_10k, c.n_cities, m.market_index, i.ipr_protection, i.ipr_composite, i.ipr_index,
    i.ipr_index > avg(i.ipr_index) over (partition by coalesce(c.year, m.year, i.year)) as ipr_strong
from cities c
full join {{ ref('stg_institutions__marketization') }} m on c.province_code = m.province_code and c.year = m.year
full join ipr i on i.province_code = coalesce(c.province_code, m.province_code) and i.year = coalesce(c.year, m.year)
