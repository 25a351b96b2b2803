{{ config(materialized='view') }}
-- WITS MFN applied duty lines (reporter x native HS6 x year), typed, with the first failing reason.
with typed as (
    select
        upper({{ clean_text('"Reporter"') }}) as reporter,
        {{ clean_text('"Reporter Name"') }} as reporter_name,
        upper({{ clean_text('"Native Nomen"') }}) as nomen,
        upper({{ clean_text('"Selected Nomen"') }}) as selected_nomen,
        {{ clean_text('"Product"') }} as product_raw,
        {{ clean_text('"Tariff Year"') }} as year_raw,
        upper({{ clean_text('"DutyType"') }}) as duty_type,
        {{ clean_text('"Simple Average"') }} as duty_raw,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'tariffs_wits') }}
),
parsed as (
    select *, try_cast(year_raw as integer) as year, product_raw as product_code,
           {{ to_double('duty_raw') }} as duty_pct
    from typed
),
reasoned as (
    select *,
        case
            when reporter is null then 'missing_reporter'
            when year is null then 'year_not_integer'
            when product_code is null or not regexp_full_match(product_code, '[0-9]{6}') then 'product_not_6_digits'
            when nomen is null or nomen not in ('H0', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6') then 'unknown_nomenclature'
            -- nomen is not null here, so this is `selected_nomen is distinct from nomen`
            when selected_nomen is null or selected_nomen <> nomen then 'selected_differs_from_native_nomenclature'
            when duty_type is null or duty_type <> 'MFN' then 'not_mfn'
            when duty_pct is null then 'duty_not_numeric'
            when duty_pct < 0 then 'duty_negative'
        end as check_reason
    from parsed
)
select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by reporter, year, nomen, product_code, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_line'
    end as reason,
    case
        when check_reason = 'missing_reporter' then 'Reporter'
        when check_reason = 'year_not_integer' then 'Tariff Year'
        when check_reason = 'product_not_6_digits' then 'Product'
        when check_reason in ('unknown_nomenclature', 'selected_differs_from_native_nomenclature') then 'Native Nomen'
        when check_reason = 'not_mfn' then 'DutyType'
        when check_reason in ('duty_not_numeric', 'duty_negative') then 'Simple Average'
        else 'Reporter,Tariff Year,Native Nomen,Product'
    end as reject_column
from reasoned
