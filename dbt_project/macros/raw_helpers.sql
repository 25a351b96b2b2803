{#- Helpers shared by the staging models of every raw source. -#}

{#- Trimmed text; empty strings and the usual NA spellings become NULL. -#}
{% macro clean_text(col) -%}
    nullif(nullif(nullif(trim({{ col }}), ''), 'NA'), '..')
{%- endmacro %}

{#- A number from text, NULL when empty/NA; use with is_bad_number to tell empty from malformed. -#}
{% macro to_double(col) -%}
    try_cast(replace({{ clean_text(col) }}, ',', '') as double)
{%- endmacro %}

{% macro is_bad_number(col) -%}
    ({{ clean_text(col) }} is not null and {{ to_double(col) }} is null)
{%- endmacro %}

{#- Lines of a source the CSV parser could not read, shaped as reject rows. -#}
{% macro parse_error_rejects(source_name) -%}
    select source_file, source_row, 'unparseable_line: ' || lower(error_type) as reason,
           column_name as reject_column, raw_line as reject_value
    from {{ ref('stg_landing__parse_errors') }}
    where source = '{{ source_name }}'
{%- endmacro %}

{#- Natural log, NULL for non-positive input (WDI zeros and missing values). -#}
{% macro safe_ln(x) -%}
    case when ({{ x }}) > 0 then ln({{ x }}) end
{%- endmacro %}
