{#- Paper 004's export quality of a firm-year (施炳展 2014 aggregation of KSW quality):
    r lambda  = (ln lambda - min) / (max - min) within the product (x unit) over all firms,
                destinations, modes and years var tdq_start_year..tdq_end_year (var
                tdq_quality_std_grouping: product | product_year)
    Q_ft      = sum over destinations, products, modes of w r lambda, w = export value share of
                the row among the firm-year's rows with that measure
for QSY (Soderbery sigma, the baseline), QBW (Broda-Weinstein), QKL (sigma = 4), QLP and QOP
(2SLS with the lagged / other-destination price); lnlambda_* are the same export-weighted means
of un-standardised ln lambda (the scale on which the synthetic universe plants its effects). -#}
{%- set grouping = tdq_choice('tdq_quality_std_grouping', ['product', 'product_year']) %}
{%- set part = 'partition by product, unit' ~ (', year' if grouping == 'product_year' else '') %}
{%- set measures = ['sy', 'bw', 'kl', 'lp', 'op'] %}
with rows as (
    select *
    from {{ ref('int_quality__tdq_ksw') }}
    where year between {{ var('tdq_start_year') }} and {{ var('tdq_end_year') }}
),

standardised as (
    select
        firm_id, year, value_usd,
        {%- for m in measures %}
        lnlambda_{{ m }},
        {{ minmax_within('lnlambda_' ~ m, part) }} as rq_{{ m }}{{ ',' if not loop.last }}
        {%- endfor %}
    from rows
)

select
    firm_id, year,
    count(*) as n_quality_rows,
    sum(value_usd) as export_value_usd,
    {%- for m in measures %}
    {{ value_weighted_mean('rq_' ~ m, 'value_usd') }} as q{{ m }},
    {%- endfor %}
    {%- for m in measures %}
    {{ value_weighted_mean('lnlambda_' ~ m, 'value_usd') }} as lnlambda_{{ m }}{{ ',' if not loop.last }}
    {%- endfor %}
from standardised
group by firm_id, year
order by firm_id, year
