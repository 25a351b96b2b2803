-- Countries: BACI code, ISO3, name, WDI region and World Bank income group.
select
    b.country_code, b.iso3, b.country_name,
    w.region, w.income_group,
    case when w.income_group in ('High income', 'Upper middle income') then true
         when w.income_group in ('Low income', 'Lower middle income') then false end as high_income,
    w.country_code is not null as in_wdi
from {{ ref('stg_baci__countries') }} b
left join {{ ref('stg_wdi__countries') }} w on w.country_code = b.iso3 and not w.is_aggregate
