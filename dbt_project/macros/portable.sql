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

{#- Wide -> long: every column of `relation` whose name matches the regular expression
    `pattern` becomes a row (`name_col`, `value_col`), NULL cells included, beside the columns
    `keep`. The columns of a raw file are only known when the file is read (e.g. the sector
    columns of an input-output table), so the default implementation needs an adapter that can
    select columns by pattern. -#}
{% macro unpivot_matching(relation, pattern, keep, name_col, value_col) -%}
    {{ return(adapter.dispatch('unpivot_matching')(relation, pattern, keep, name_col, value_col)) }}
{%- endmacro %}
{% macro default__unpivot_matching(relation, pattern, keep, name_col, value_col) -%}
    {{ exceptions.raise_compiler_error("unpivot_matching: unpivoting the columns of a raw file that match a pattern has no implementation for adapter " ~ adapter.type() ~ "; add one in macros/portable.sql") }}
{%- endmacro %}
{% macro duckdb__unpivot_matching(relation, pattern, keep, name_col, value_col) -%}
    {#- the SQL-standard UNPIVOT clause (Spark 3.4 has it too, with a column list) -#}
    select {{ keep | join(', ') }}, {{ name_col }}, {{ value_col }}
    from {{ relation }}
    unpivot include nulls ({{ value_col }} for {{ name_col }} in (columns('{{ pattern }}')))
{%- endmacro %}

{#- Continuous quantile (0 <= p <= 1) of a column as an aggregate. -#}
{% macro quantile_agg(col, p) -%}
    {{ return(adapter.dispatch('quantile_agg')(col, p)) }}
{%- endmacro %}
{% macro default__quantile_agg(col, p) -%}
    percentile_cont({{ p }}) within group (order by {{ col }})
{%- endmacro %}
{% macro duckdb__quantile_agg(col, p) -%}
    quantile_cont({{ col }}, {{ p }})
{%- endmacro %}
