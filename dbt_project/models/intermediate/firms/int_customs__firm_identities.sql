-- What customs records say about who a customs firm (enterprise code) is, per year: one row
-- per code x year x name as written x phone x postal code with its records and trade value
-- (the single pass over the transactions every identity model reads). Re-imports are
-- included: they are the firm's own records.
select
    firm_code, year, firm_name_raw, firm_name, phone_area, phone_local, zip,
    count(*) as n_records,
    sum(value_usd) as value_usd,
    sum(case when flow = 'export' then value_usd else 0 end) as export_value_usd,
    sum(case when flow = 'import' then value_usd else 0 end) as import_value_usd
from {{ ref('stg_customs__transactions') }}
group by firm_code, year, firm_name_raw, firm_name, phone_area, phone_local, zip
