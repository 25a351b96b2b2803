{#- Identity: the column sums to `value` (default 1, within `tolerance`) in every group of
    `group_by` (the whole model without it), over the rows matching `where` if given; e.g.
    entropy weights summing to 1 per weighting group. Fails with one row per group that does not. -#}
{% test group_sum_equals(model, column_name, group_by=[], value=1, tolerance=1e-9, where=none) %}
select {% for g in group_by %}{{ g }}, {% endfor %}sum({{ column_name }}) as total
from {{ model }}
{% if where %}where {{ where }}{% endif %}
{% if group_by %}group by {{ group_by | join(', ') }}{% endif %}
having abs(sum({{ column_name }}) - {{ value }}) > {{ tolerance }}
{% endtest %}
