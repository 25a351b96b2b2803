{{ config(tags=['robots_dvar']) }}
-- Firm-level industrial-robot penetration of every surveyed manufacturing firm x year (paper
-- 001, after Acemoglu & Restrepo 2020 and Wang & Dong 2020 with the paper's yearly weight):
--   s_ijt      = L_it / sum_{k in j} L_kt      the firm's share of its industry's employment
--   weight_ijt = s_ijt / median_k s_kt         over all manufacturing firms of year t
--   robot_ijt  = weight_ijt x PR_jt            PR: idx_robot_industry.pr
-- L = survey employment; the sums and the median run over the firm-years of var
-- rdv_weight_universe (clean: passing the cleaning filters; all). Also robot_alt = PR_jt (the
-- industry penetration without the firm weight, Table 2 (2)), robot_iv = weight x the foreign
-- industry penetration (Table 2 (5) instrument) and robot_exposure = ln(1 + robots per 10,000
-- workers) of the firm's IFR leaf industry (idx_robot_ifr; the synthetic universe's planted
-- regressor; robot_exposure_iv its foreign counterpart). Industry: the firm's CIC harmonised
-- to 2002 (cic_adj) -> int_robot__cic_ifr.
{%- set universe = var('rdv_weight_universe') %}
{%- if universe not in ['clean', 'all'] %}
{{ exceptions.raise_compiler_error("var rdv_weight_universe must be clean | all, got " ~ universe) }}
{%- endif %}
with firms as (
    select a.firm_id, a.year, a.employment, a.passes_filters, m.industry, m.ifr_code
    from {{ ref('int_dvar__firm_accounts') }} a
    join {{ ref('int_robot__cic_ifr') }} m on m.cic_vintage = '2002' and a.cic_adj = m.cic_code
    where m.industry is not null
),

weight_universe as (
    select * from firms
    where employment > 0 {%- if universe == 'clean' %} and passes_filters {%- endif %}
),

industry_employment as (
    select industry, year, sum(employment) as industry_employment, count(*) as n_firms
    from weight_universe
    group by industry, year
),

yearly_median as (
    select u.year, {{ median_agg('u.employment / i.industry_employment') }} as median_share
    from weight_universe u
    join industry_employment i on u.industry = i.industry and u.year = i.year
    group by u.year
)

select
    f.firm_id, f.year, f.industry, f.ifr_code, f.employment,
    i.industry_employment, f.employment / i.industry_employment as employment_share,
    m.median_share,
    f.employment / i.industry_employment / m.median_share as robot_weight,
    r.pr as industry_pr,
    f.employment / i.industry_employment / m.median_share * r.pr as robot,
    r.pr as robot_alt,
    f.employment / i.industry_employment / m.median_share * r.pr_iv as robot_iv,
    l.exposure as robot_exposure,
    l.exposure_iv as robot_exposure_iv
from firms f
join industry_employment i on f.industry = i.industry and f.year = i.year
join yearly_median m on f.year = m.year
left join {{ ref('idx_robot_industry') }} r on f.industry = r.industry and f.year = r.year
left join {{ ref('idx_robot_ifr') }} l on f.ifr_code = l.ifr_code and f.year = l.year
where f.employment > 0
