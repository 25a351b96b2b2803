-- Every regression estimate of every study, queryable in SQL: one row per study x table x
-- column x term, with SE, test statistic, p-value, 95% CI, N, R2, fixed effects and vcov.
select * from {{ source('results', 'estimates') }}
