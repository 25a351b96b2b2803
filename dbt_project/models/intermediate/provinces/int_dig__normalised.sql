-- The Dig indicators (var pdt_dig_indicators) of the study provinces and years, filled, and
-- min-max normalised x' = (x - min) / (max - min) over all study province-years
-- (pdt_entropy_weighting = pooled, weight_group 0) or within each year (yearly, weight_group = year).
{%- set yearly = var('pdt_entropy_weighting') == 'yearly' %}
{%- if var('pdt_entropy_weighting') not in ['pooled', 'yearly'] %}
    {{ exceptions.raise_compiler_error("var pdt_entropy_weighting must be pooled or yearly") }}
{%- endif %}
with x as (
    select f.province_code, f.year, f.indicator_code, f.value as x, f.fill_method,
           {{ 'f.year' if yearly else '0' }} as weight_group
    from {{ ref('int_province__yearbook_filled') }} f
    join {{ ref('int_province__study_provinces') }} using (province_code)
    where f.indicator_code in ({{ "'" ~ var('pdt_dig_indicators') | join("', '") ~ "'" }})
      and f.year between {{ var('pdt_start_year') }} and {{ var('pdt_end_year') }}
)

select
    *,
    (x - min(x) over g) / nullif(max(x) over g - min(x) over g, 0) as x_norm
from x
window g as (partition by indicator_code, weight_group)
