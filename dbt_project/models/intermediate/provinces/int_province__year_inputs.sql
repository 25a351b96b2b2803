-- Province x year inputs of the controls and mediators (filled yearbook values, canonical
-- units), with the national RMB/USD rate of the year and how many inputs were filled.
{%- set inputs = ['pgdp', 'gdp', 'va_primary', 'va_secondary', 'va_tertiary', 'trade_total_usd',
                  'fdi_utilised', 'sci_expenditure', 'edu_pop6', 'edu_none', 'edu_primary',
                  'edu_junior', 'edu_senior', 'edu_college', 'innovation_index'] %}
with f as (
    select * from {{ ref('int_province__yearbook_filled') }}
),

wide as (
    select
        province_code, year,
        {%- for i in inputs %}
        max(value) filter (where indicator_code = '{{ i }}') as {{ i }},
        {%- endfor %}
        count(*) filter (where fill_method <> 'observed'
                         and indicator_code in ({{ "'" ~ inputs | join("', '") ~ "'" }})) as n_filled_inputs
    from f
    where province_code <> '000000'
    group by all
),

rate as (
    select year, value as usd_rate from f where province_code = '000000' and indicator_code = 'usd_rate'
)

select w.*, r.usd_rate
from wide w
left join rate r using (year)
