{#- Countries: BACI code, ISO3, name, WDI region and the World Bank income group.
    The group is the one of var apq_income_reference_year in the historical classification
    (OGHIST) when that file is present - a fixed year, so the split does not move with the
    treatment; var value 'current', or an economy OGHIST does not cover, falls back to
    WDICountry's current group (income_group_source says which). -#}
{%- set ref_year = var('apq_income_reference_year') -%}
with hist as (
    select country_code, income_code
    from {{ ref('stg_wdi__income_groups') }}
    where {% if ref_year == 'current' %}false{% else %}year = {{ ref_year }}{% endif %}
),
labels as (
    select t.code, t.label from (values ('L', 'Low income'), ('LM', 'Lower middle income'),
                                        ('UM', 'Upper middle income'), ('H', 'High income')) t (code, label)
),
groups as (
    select
        b.country_code, b.iso3, b.country_name, w.region, w.country_code is not null as in_wdi,
        coalesce(l.label, w.income_group) as income_group,
        case when l.label is not null then 'oghist_{{ ref_year }}'
             when w.income_group is not null then 'wdi_current' end as income_group_source
    from {{ ref('stg_baci__countries') }} b
    left join {{ ref('stg_wdi__countries') }} w on b.iso3 = w.country_code and not w.is_aggregate
    -- BACI 490 "Other Asia, nes" (iso3 S19) is Taiwan, which the World Bank codes TWN
    left join hist h on h.country_code = case b.iso3 when 'S19' then 'TWN' else b.iso3 end
    left join labels l on h.income_code = l.code
)
select
    *,
    case when income_group in ('High income', 'Upper middle income') then true
         when income_group in ('Low income', 'Lower middle income') then false end as high_income
from groups
