{#- Paper 001 (robots_dvar): a DVAR after the bounds rule of var rdv_dvar_bounds —
    drop: NULL outside [0, 1]; cap: capped at 0 and 1; keep: unchanged. -#}
{% macro rdv_bounded(x) -%}
    {%- set bounds = var('rdv_dvar_bounds') -%}
    {%- if bounds == 'drop' -%} case when {{ x }} between 0 and 1 then {{ x }} end
    {%- elif bounds == 'cap' -%} case when {{ x }} is not null then least(greatest({{ x }}, 0), 1) end
    {%- elif bounds == 'keep' -%} {{ x }}
    {%- else -%} {{ exceptions.raise_compiler_error("var rdv_dvar_bounds must be drop | cap | keep, got " ~ bounds) }}
    {%- endif -%}
{%- endmacro %}
