{#- Generic helpers of KSW export-quality indices (papers 002 and 004): standardise a quality
    measure within a product and aggregate it with export-value weights. Plain window and
    aggregate SQL (no adapter-specific syntax). -#}

{#- Min-max standardisation of `col` over a window (施炳展 2014): (x - min x) / (max x - min x)
    over `partition`, a window clause such as 'partition by hs6'; in [0, 1]; NULL where x is NULL
    or the window's range is not above `min_range` (0: a single value; a small positive value also
    drops ranges that are rounding noise). Papers 000 (min_range 0) and 002. -#}
{% macro minmax_within(col, partition, min_range=0) -%}
    ({{ col }} - min({{ col }}) over ({{ partition }}))
    / case when max({{ col }}) over ({{ partition }}) - min({{ col }}) over ({{ partition }}) > {{ min_range }}
           then max({{ col }}) over ({{ partition }}) - min({{ col }}) over ({{ partition }}) end
{%- endmacro %}

{#- 1 / (max x - min x) over the window: how much a change of x moves its min-max standardised
    value (the standardisation multiplier); NULL when the range is not above `min_range`. -#}
{% macro minmax_inverse_range(col, partition, min_range=0) -%}
    (1 / case when max({{ col }}) over ({{ partition }}) - min({{ col }}) over ({{ partition }}) > {{ min_range }}
              then max({{ col }}) over ({{ partition }}) - min({{ col }}) over ({{ partition }}) end)
{%- endmacro %}

{#- Export-value weighted mean of `x` over a group (an aggregate: use with GROUP BY): the
    weights are `weight` of the rows where x is not NULL, so a product without quality does not
    dilute the others; NULL when no row has x. -#}
{% macro value_weighted_mean(x, weight) -%}
    (sum(case when {{ x }} is not null then {{ weight }} * {{ x }} end)
     / nullif(sum(case when {{ x }} is not null then {{ weight }} end), 0))
{%- endmacro %}

{#- The value weight of a row within its group (a window): weight / sum(weight) over the group. -#}
{% macro value_share_within(weight, partition_by) -%}
    ({{ weight }} / nullif(sum({{ weight }}) over (partition by {{ partition_by }}), 0))
{%- endmacro %}

{#- The q-quantile of `x` (continuous interpolation) as an aggregate; dispatched so another
    adapter can use its own function (Spark: percentile). -#}
{% macro quantile_value(x, q) -%}
    {{ return(adapter.dispatch('quantile_value')(x, q)) }}
{%- endmacro %}

{% macro default__quantile_value(x, q) -%}
    quantile_cont({{ x }}, {{ q }})
{%- endmacro %}

{% macro spark__quantile_value(x, q) -%}
    percentile({{ x }}, {{ q }})
{%- endmacro %}
