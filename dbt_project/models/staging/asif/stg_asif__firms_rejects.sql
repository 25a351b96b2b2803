-- Survey records that failed typing or validation (or repeat an earlier record of the same
-- file), and lines that could not be parsed.
select
    source_file, source_row, reason, reject_column, reject_value,
    legal_code_raw, firm_name_raw, cic_raw, registration_type_raw
from {{ ref('stg_asif__firms_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('asif_firms') }}
