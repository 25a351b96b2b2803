-- Descriptive-statistics tables of every study: study x table x variable x statistic.
{% for s in var('result_studies') %}
select * from {{ source('results', s ~ '__descriptives') }}
{% if not loop.last %}union all by name{% endif %}
{% endfor %}
