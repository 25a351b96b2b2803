{#- Codes are text matching a pattern (e.g. '[0-9]{6}'): guards lost leading zeros. -#}
{% test code_format(model, column_name, pattern) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and not regexp_full_match({{ column_name }}, '{{ pattern }}')
{% endtest %}
