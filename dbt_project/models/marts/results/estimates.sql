-- Every regression estimate of every study, queryable in SQL: one row per study x table x
-- column x term, with SE, test statistic, p-value, 95% CI, N, R2, fixed effects and vcov.
{% for s in var('result_studies') %}
select * from {{ source('results', s ~ '__estimates') }}
{% if not loop.last %}union all by name{% endif %}
{% endfor %}
