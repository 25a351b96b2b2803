-- The 1984 post-and-telecom base of each prefecture-level city (黄群慧 et al. 2019): post and
-- telecom business volume (10k yuan) and fixed telephone sets per million residents. Cities
-- without a 1984 record (prefecture status acquired later) are absent.
with h as (
    select city_code,
        max(value) filter (where indicator_code = 'population') as population_10k,
        max(value) filter (where indicator_code = 'post_telecom_volume') as post_telecom_10k_yuan,
        max(value) filter (where indicator_code = 'telephones') as telephones
    from {{ ref('stg_cities__yearbook') }}
    where scope = 'city' and year = 1984
    group by city_code
)

select city_code, population_10k as population_1984_10k, post_telecom_10k_yuan, telephones,
       post_telecom_10k_yuan / (population_10k / 100) as post1984_per_million,
       telephones / (population_10k / 100) as telephones1984_per_million
from h
where population_10k > 0
