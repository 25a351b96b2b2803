-- Paper 004's quality measures: how many firm x destination x product x mode x unit x year rows
-- (years var tdq_start_year..tdq_end_year) get each measure, where their sigma came from, and
-- for the 2SLS variants how many products were estimated. One row per measure:
--   n_rows                 rows of the estimation sample (int_quality__tdq_input)
--   n_sigma_published      rows whose sigma is the published value (sy, bw; all rows for kl)
--   n_sigma_imputed        rows with a fallback sigma (var tdq_sigma_missing: impute)
--   n_sigma_missing        rows without a sigma (no quality)
--   n_quality              rows with ln lambda (the rest: singletons of their product x
--                          destination x year cell, or skipped products for lp / op)
--   n_products, n_products_estimated   product x unit groups; those with a 2SLS estimate (lp, op)
--   export_value_share     share of the rows' export value that has the measure
with r as (
    select k.*, i.sigma_sy_source, i.sigma_bw_source
    from {{ ref('int_quality__tdq_ksw') }} k
    join {{ ref('int_quality__tdq_input') }} i
      using (firm_id, year, destination, product, trade_mode, unit)
    where k.year between {{ var('tdq_start_year') }} and {{ var('tdq_end_year') }}
),

{%- set measures = [('sy', 'sigma_sy_source', None), ('bw', 'sigma_bw_source', None),
                    ('kl', None, None), ('lp', 'sigma_sy_source', 'iv_lp_status'),
                    ('op', 'sigma_sy_source', 'iv_op_status')] %}
stats as (
    {%- for m, src, status in measures %}
    select
        '{{ m }}' as measure,
        count(*) as n_rows,
        {%- if src %}
        sum(case when {{ src }} = 'published' then 1 else 0 end) as n_sigma_published,
        sum(case when {{ src }} not in ('published', 'missing') then 1 else 0 end) as n_sigma_imputed,
        sum(case when {{ src }} = 'missing' then 1 else 0 end) as n_sigma_missing,
        {%- else %}
        count(*) as n_sigma_published, 0 as n_sigma_imputed, 0 as n_sigma_missing,
        {%- endif %}
        count(lnlambda_{{ m }}) as n_quality,
        count(distinct product || '|' || unit) as n_products,
        {%- if status %}
        count(distinct case when {{ status }} = 'ok' then product || '|' || unit end) as n_products_estimated,
        {%- else %}
        cast(null as bigint) as n_products_estimated,
        {%- endif %}
        sum(case when lnlambda_{{ m }} is not null then value_usd else 0 end) / nullif(sum(value_usd), 0)
            as export_value_share
    from r
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from stats
