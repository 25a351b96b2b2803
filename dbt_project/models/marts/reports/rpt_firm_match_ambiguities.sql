{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- The ambiguity table (int_firm__match_ambiguities) counted without identities: one row per
-- link type x reason x rule x year, with how many of those units another rule still linked.
select
    link_type, reason, match_rule, year,
    count(*) as n_rows,
    sum(case when is_resolved then 1 else 0 end) as n_resolved,
    sum(case when not is_resolved then 1 else 0 end) as n_unresolved,
    sum(case when is_resolved is null then 1 else 0 end) as n_notes
from {{ ref('int_firm__match_ambiguities') }}
group by link_type, reason, match_rule, year
