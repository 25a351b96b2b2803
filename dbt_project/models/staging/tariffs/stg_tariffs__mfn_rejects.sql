select source_file, source_row, reason, reject_column,
       case reject_column
           when 'Reporter' then reporter when 'Tariff Year' then year_raw when 'Product' then product_raw
           when 'Native Nomen' then nomen when 'DutyType' then duty_type when 'Simple Average' then duty_raw
           else concat_ws('/', reporter, year_raw, nomen, product_raw)
       end as reject_value,
       reporter, year_raw, nomen, product_raw, duty_type, duty_raw
from {{ ref('stg_tariffs__mfn_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('tariffs_wits') }}
