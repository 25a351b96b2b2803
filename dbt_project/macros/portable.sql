{#- Portable helpers dispatched by adapter (DuckDB today; a later issue moves models to Spark).
    Each has a default__ in standard SQL and a duckdb__ where DuckDB has a shorter or faster form. -#}

{#- Median of a column as an aggregate (or window aggregate with `over`). -#}
{% macro median_agg(col) -%}
    {{ return(adapter.dispatch('median_agg')(col)) }}
{%- endmacro %}
{% macro default__median_agg(col) -%}
    percentile_cont(0.5) within group (order by {{ col }})
{%- endmacro %}
{% macro duckdb__median_agg(col) -%}
    median({{ col }})
{%- endmacro %}

{#- True when `code` starts with `prefix` (both text). -#}
{% macro has_prefix(code, prefix) -%}
    {{ return(adapter.dispatch('has_prefix')(code, prefix)) }}
{%- endmacro %}
{% macro default__has_prefix(code, prefix) -%}
    (substring({{ code }}, 1, length({{ prefix }})) = {{ prefix }})
{%- endmacro %}
{% macro duckdb__has_prefix(code, prefix) -%}
    starts_with({{ code }}, {{ prefix }})
{%- endmacro %}

{#- Natural log of (1 + x). -#}
{% macro ln1p(x) -%}
    ln(1 + ({{ x }}))
{%- endmacro %}
