-- China customs monthly transaction records, 2000-2015 vintages harmonised: one row per raw
-- record. value in current USD, quantity in the record's unit; codes as zero-padded text.
select
    year, month, flow, hs8, hs6, hs_vintage, value_usd, quantity, unit,
    firm_code, firm_name, firm_name_raw, address, phone_raw, phone_digits, phone_area, phone_local,
    zip, firm_type, country_code, country_iso3, country_raw, is_reimport,
    trade_mode, trade_mode_coarse, is_processing, is_processing_equipment, is_assembly,
    trade_mode_raw, transport_mode, source_file, source_row
from {{ ref('stg_customs__transactions_checked') }}
where reason is null
