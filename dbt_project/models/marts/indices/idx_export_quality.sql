{#- KSW export quality of China's exports, importer x HS6 x year, for each sigma in apq_sigmas.
    quality_raw_s{sigma} = residual(ln q + sigma ln p) / (sigma - 1)      (un-standardised)
    quality_std_s{sigma} = min-max standardised within var apq_quality_std_grouping (default
                           hs6: over all importers and years, after 施炳展-邵文波 2014 / 卢盛峰 2021)
    quality_uv           = ln unit value (孙林 2019), and its min-max standardised version. -#}
{%- set grouping = var('apq_quality_std_grouping') -%}
{%- set partition = {'hs6': 'partition by hs6', 'hs6_year': 'partition by hs6, year', 'all': ''}[grouping] -%}

with raw as (
    select
        r.importer, r.hs6, r.year,
        {%- for s in var('apq_sigmas') %}
        (r.resid_ln_q + {{ s }} * r.resid_ln_p) / ({{ s }} - 1) as quality_raw_s{{ s }},
        {%- endfor %}
        i.ln_p as quality_uv
    from {{ ref('int_quality__ksw_residuals') }} r
    join {{ ref('int_quality__ksw_input') }} i using (importer, hs6, year)
)
select
    importer, hs6, year,
    {%- for s in var('apq_sigmas') %}
    quality_raw_s{{ s }},
    {{ minmax_within('quality_raw_s' ~ s, partition) }} as quality_std_s{{ s }},
    {%- endfor %}
    quality_uv,
    {{ minmax_within('quality_uv', partition) }} as quality_uv_std
from raw
