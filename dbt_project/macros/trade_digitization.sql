{#- Helpers of paper 004 (trade_digitization_quality). -#}

{#- Whether a dim_firm row (alias `f`) is a trade intermediary under var tdq_intermediary_rule:
    registry  its credit-registry industry is wholesale or retail (批发业 / 零售业), the paper's rule
    keywords  one of its customs names carries a keyword of the list var firm_intermediary_keywords
    either    registry or keywords;  none  nobody is dropped -#}
{% macro tdq_is_intermediary(f) -%}
    {%- set rule = var('tdq_intermediary_rule') -%}
    {%- set kw = var('firm_intermediary_keywords') -%}
    {%- if rule == 'registry' -%}
    coalesce({{ f }}.registry_wholesale_retail, false)
    {%- elif rule == 'keywords' -%}
    coalesce({{ f }}.intermediary_name_{{ kw }}, false)
    {%- elif rule == 'either' -%}
    (coalesce({{ f }}.registry_wholesale_retail, false) or coalesce({{ f }}.intermediary_name_{{ kw }}, false))
    {%- elif rule == 'none' -%}
    false
    {%- else -%}
    {{ exceptions.raise_compiler_error("var tdq_intermediary_rule must be registry | keywords | either | none, got " ~ rule) }}
    {%- endif -%}
{%- endmacro %}

{#- A var that must be one of `allowed`, or a compile error naming it. -#}
{% macro tdq_choice(name, allowed) -%}
    {%- set v = var(name) -%}
    {%- if v not in allowed -%}
    {{ exceptions.raise_compiler_error("var " ~ name ~ " must be one of " ~ allowed ~ ", got " ~ v) }}
    {%- endif -%}
    {{ return(v) }}
{%- endmacro %}
