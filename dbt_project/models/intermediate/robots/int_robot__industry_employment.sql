-- Employment of the industrial-firm survey by IFR industry (leaf) x year: the persons employed
-- (全部从业人员年平均人数 / 从业人数) of every valid survey record whose CIC code (its own
-- vintage) maps to the industry (int_robot__cic_ifr). The denominator L of robot penetration
-- MR/L: var rdv_robot_base_year picks the base year (2000) or 'current' (the same year).
-- Every staged record counts (the survey's industry employment), not only the cleaned sample.
select m.ifr_code, s.year, sum(s.employment) as employment, count(*) as n_records
from {{ ref('stg_asif__firms') }} s
join {{ ref('int_robot__cic_ifr') }} m
    on m.cic_vintage = case when s.cic_version = 'GB/T 4754-2002' then '2002' else '2011' end
   and s.cic_code = m.cic_code
where m.ifr_code is not null and s.employment is not null
group by m.ifr_code, s.year
