-- Export technical sophistication of provincial manufacturing, TSI (paper 003 eq. 5):
--   TSI_it = sum_k (x_ikt / X_it) * prody_kt,  tsi_level
--   tsi = ln(tsi_level) (var pdt_tsi_form = log, pgdp in yuan; Table 2's range 10.37-11.29)
--         or tsi_level itself (ln_pgdp: ln pgdp inside PRODY already gives that scale).
-- By factor-intensity group g (seed gbt4754_manufacturing): the same with PRODY from all
-- industries and shares within the group (pdt_group_tsi_denominator = group) or of all
-- manufacturing (total).
{%- set logged = var('pdt_tsi_form') == 'log' %}
{%- set within = var('pdt_group_tsi_denominator') == 'group' %}
with x as (
    select x.*, p.prody
    from {{ ref('int_province__industry_exports') }} x
    join {{ ref('idx_prody') }} p using (industry_code, year)
),

levels as (
    select
        province_code, year, sum(x_10k_yuan) as exports_10k_yuan,
        sum(x_10k_yuan * prody) / sum(x_10k_yuan) as tsi_level
        {%- for g in ['labour', 'capital', 'technology'] %},
        sum(x_10k_yuan * prody) filter (where factor_intensity = '{{ g }}')
            / {% if within %}nullif(sum(x_10k_yuan) filter (where factor_intensity = '{{ g }}'), 0)
              {%- else %}sum(x_10k_yuan){% endif %} as tsi_{{ g }}_level
        {%- endfor %}
    from x
    group by all
    having sum(x_10k_yuan) > 0
)

select
    *,
    {%- for c in ['tsi', 'tsi_labour', 'tsi_capital', 'tsi_technology'] %}
    {{ safe_ln(c ~ '_level') if logged else c ~ '_level' }} as {{ c }}{{ ',' if not loop.last }}
    {%- endfor %}
from levels
