-- x_ikt: exports (10k yuan) of study province i in GB/T 4754 manufacturing industry k, year t,
-- on the full province x industry grid; industries a province does not report count as 0
-- (a printed gap too). pgdp_it joined for PRODY.
with x as (
    select province_code, year, industry_code, sum(value_10k_yuan) as x
    from {{ ref('stg_provinces__industry_exports') }}
    group by all
)

select
    p.province_code, y.year, i.industry_code, i.factor_intensity,
    coalesce(x.x, 0.0) as x_10k_yuan, v.pgdp
from {{ ref('int_province__study_provinces') }} p
cross join range({{ var('pdt_data_start_year') }}, {{ var('pdt_end_year') }} + 1) y (year)
cross join {{ ref('gbt4754_manufacturing') }} i
left join x on p.province_code = x.province_code and y.year = x.year and i.industry_code = x.industry_code
left join {{ ref('int_province__year_inputs') }} v on p.province_code = v.province_code and y.year = v.year
where exists (select 1 from x x2 where x2.year = y.year)
