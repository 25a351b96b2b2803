-- Telephone (last 7 digits, area code) and postal code each customs firm (enterprise code)
-- wrote in a year: one row per code x year x phone7 x area code x postal code.
select
    firm_code, year, {{ phone7('phone_local') }} as phone7, phone_area, zip,
    sum(n_records) as n_records
from {{ ref('int_customs__firm_identities') }}
where phone_local is not null
group by firm_code, year, {{ phone7('phone_local') }}, phone_area, zip
