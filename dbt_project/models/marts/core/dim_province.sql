-- Provinces (GB/T 2260): names, every printed spelling the yearbooks use, the 1986 three-belt
-- and NBS 2000 regions, the region of the chosen split, and whether paper 003 uses it.
select
    p.province_code, p.name_short, p.name_full, p.name_en, p.region_3belt, p.region_nbs,
    s.region, s.province_code is not null as in_study,
    (select list(v.printed_name order by v.printed_name) from {{ ref('province_name_variants') }} v
     where v.province_code = p.province_code) as printed_names
from {{ ref('provinces') }} p
left join {{ ref('int_province__study_provinces') }} s using (province_code)
where p.is_province
order by p.province_code
