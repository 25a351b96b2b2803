-- Paper 003's controls (levels and first differences) and mediators, province x year.
--   lnpgdp = ln GDP per capita (yuan); lnfcl = ln FDI actually utilised (10k USD);
--   open = imports+exports (USD x annual RMB/USD rate) / GDP; lnsci = ln S&T expenditure (100M yuan);
--   d_* = first difference within the province ("控制变量为一阶平稳差分"; 2010 gives 2011's);
--   hum = mean years of schooling of the 6+ sample population (weights: var pdt_schooling_years);
--   upd = tertiary / secondary value added (Clark's law); cre = PKU innovation index / pdt_cre_divisor.
{%- set yrs = var('pdt_schooling_years') %}
with b as (
    select
        province_code, year, n_filled_inputs,
        {{ safe_ln('pgdp') }} as lnpgdp,
        {{ safe_ln('fdi_utilised') }} as lnfcl,
        trade_total_usd * 1000 * usd_rate / (gdp * 1e8) as open,
        {{ safe_ln('sci_expenditure') }} as lnsci,
        (
            {%- for k, v in yrs.items() %}
            {{ v }} * {{ k }}{{ ' +' if not loop.last }}
            {%- endfor %}
        ) / edu_pop6 as hum,
        va_tertiary / va_secondary as upd,
        innovation_index / {{ var('pdt_cre_divisor') }} as cre
    from {{ ref('int_province__year_inputs') }}
)

select
    *,
    {%- for c in ['lnpgdp', 'lnfcl', 'open', 'lnsci'] %}
    case when lag(year) over w = year - 1 then {{ c }} - lag({{ c }}) over w end as d_{{ c }}{{ ',' if not loop.last }}
    {%- endfor %}
from b
window w as (partition by province_code order by year)
