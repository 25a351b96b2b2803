{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- Survey cleaning filters (var asif_filters, in order) by year: how many records fail each
-- filter on its own (n_failing), how many it removes in sequence (n_dropped: records whose
-- first failed filter it is) and how many remain after it. Per year, n_records = the sum of
-- n_dropped over the filters + the final n_remaining (row filter = 'passes_all').
{%- set filters = var('asif_filters') %}
with r as (
    select * from {{ ref('int_firm__survey_firm_years') }}
),
years as (
    select year, count(*) as n_records from r group by year
),
per_filter as (
    {%- for f in filters %}
    select '{{ f }}' as filter_name, {{ loop.index }} as filter_order, year,
           sum(case when fails_{{ f }} then 1 else 0 end) as n_failing,
           sum(case when first_failed_filter = '{{ f }}' then 1 else 0 end) as n_dropped
    from r group by year
    union all
    {%- endfor %}
    select 'passes_all', {{ filters | length + 1 }}, year, 0, 0 from r group by year
)
select
    p.filter_name, p.filter_order, p.year, y.n_records, p.n_failing, p.n_dropped,
    y.n_records - sum(p.n_dropped) over (partition by p.year order by p.filter_order
                                         rows between unbounded preceding and current row) as n_remaining
from per_filter p
join years y using (year)
