{#- Every row satisfies a SQL expression (optionally only rows matching `where`).
    Attach to a model or to a column (the column name is then only documentation). -#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}
select *
from {{ model }}
where not ({{ expression }}){% if where %} and ({{ where }}){% endif %}
{% endtest %}
