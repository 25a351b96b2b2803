{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- The customs annual collapse by year (int_customs__flows_annual): staged records and value,
-- re-imports dropped, what was collapsed (staged = collapsed + re-imports), and the value
-- whose HS6 code has no base-vintage code (hs_link unmapped) or whose partner has no ISO3.
with staged as (
    select year, count(*) as n_records, sum(value_usd) as value_usd,
           sum(case when is_reimport then 1 else 0 end) as n_reimport_records,
           sum(case when is_reimport then value_usd else 0 end) as reimport_value_usd
    from {{ ref('stg_customs__transactions') }}
    group by year
),
collapsed as (
    select year, count(*) as n_rows, cast(round(sum(n_records)) as bigint) as n_records, sum(value_usd) as value_usd,
           sum(case when hs_link = 'unmapped' then value_usd else 0 end) as hs_unmapped_value_usd,
           sum(case when hs_link = 'identity' then value_usd else 0 end) as hs_identity_value_usd,
           sum(case when partner_iso3 is null then value_usd else 0 end) as partner_unknown_value_usd
    from {{ ref('int_customs__flows_annual') }}
    group by year
)
select
    s.year, s.n_records as n_records_staged, s.value_usd as value_usd_staged,
    s.n_reimport_records, s.reimport_value_usd,
    c.n_records as n_records_collapsed, c.value_usd as value_usd_collapsed, c.n_rows as n_rows_annual,
    c.hs_unmapped_value_usd, c.hs_identity_value_usd, c.partner_unknown_value_usd,
    s.n_records = c.n_records + s.n_reimport_records as reconciles
from staged s
left join collapsed c using (year)
