-- The provinces of paper 003's sample: every province of seed provinces except those in var
-- pdt_excluded_provinces (Tibet by default), with the region of the chosen split.
{%- set split = var('pdt_region_split') %}
{%- if split not in ['three_belt_1986', 'nbs_2000'] %}
    {{ exceptions.raise_compiler_error("var pdt_region_split must be three_belt_1986 or nbs_2000, got " ~ split) }}
{%- endif %}
select
    province_code, name_short, name_full, name_en, region_3belt, region_nbs,
    {{ 'region_3belt' if split == 'three_belt_1986' else 'region_nbs' }} as region
from {{ ref('provinces') }}
where is_province
  and province_code not in (
      {%- for c in var('pdt_excluded_provinces') %}'{{ c }}'{% if not loop.last %}, {% endif %}{% endfor -%}
  )
