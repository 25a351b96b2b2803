-- One entity per customs enterprise code: the years it trades, how many distinct name keys
-- it used over time (its names by year: int_customs__firm_names), its trade value, and the
-- province of its registration (first two digits of the code).
with years as (
    select firm_code, year, sum(n_records) as n_records, sum(export_value_usd) as export_value_usd,
           sum(import_value_usd) as import_value_usd
    from {{ ref('int_customs__firm_identities') }}
    group by firm_code, year
),

names as (
    select firm_code, count(distinct name_key) as n_name_keys
    from {{ ref('int_customs__firm_names') }}
    group by firm_code
)

select
    y.firm_code,
    left(y.firm_code, 2) || '0000' as province_code,
    min(y.year) as first_year, max(y.year) as last_year, count(*) as n_years,
    coalesce(max(n.n_name_keys), 0) as n_name_keys,
    sum(y.n_records) as n_records,
    sum(y.export_value_usd) as export_value_usd,
    sum(y.import_value_usd) as import_value_usd
from years y
left join names n using (firm_code)
group by y.firm_code
