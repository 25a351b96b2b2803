{#- Schemas are exactly the layer names (staging, intermediate, marts, seeds), not
    <target>_<layer>, so analysts query `marts.panel_ai_policy_quality`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
