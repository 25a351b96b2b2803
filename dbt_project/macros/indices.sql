{#- (x - min x) / (max x - min x) over a window (e.g. 'partition by hs6'); NULL when max = min. -#}
{% macro minmax_within(col, partition) -%}
    ({{ col }} - min({{ col }}) over ({{ partition }}))
    / nullif(max({{ col }}) over ({{ partition }}) - min({{ col }}) over ({{ partition }}), 0)
{%- endmacro %}
