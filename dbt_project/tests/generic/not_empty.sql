{#- The model has at least one row. -#}
{% test not_empty(model) %}
select 1 as empty_model where (select count(*) from {{ model }}) = 0
{% endtest %}
