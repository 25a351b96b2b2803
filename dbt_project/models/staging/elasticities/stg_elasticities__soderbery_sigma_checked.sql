{{ config(materialized='view') }}
-- Every landed row of the Soderbery (2018) elasticity table (importer x HS4), typed, with the
-- first reason it fails (NULL = valid). `hs4` is read as text and left-padded to 4 digits:
-- a table saved from Stata or Excel stores it as a number, so headings of chapters 01-09
-- lose their leading zero (var soderbery_pad_short_hs4).
with raw as (
    select
        {{ clean_text('importer') }} as importer_raw, {{ clean_text('importer_name') }} as importer_name,
        {{ clean_text('hs4') }} as hs4_raw, {{ clean_text('sigma') }} as sigma_raw,
        {{ clean_text('omega') }} as omega_raw,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'elasticities_soderbery') }}
),

typed as (
    select
        raw.*,
        case when regexp_full_match(upper(raw.importer_raw), '[A-Z]{3}') then upper(raw.importer_raw) end as importer,
        case when {{ var('soderbery_pad_short_hs4') }}
             then {{ pad_code("regexp_replace(hs4_raw, '\\.0+$', '')", 4, 3) }}
             else {{ pad_code("regexp_replace(hs4_raw, '\\.0+$', '')", 4, 4) }} end as hs4,
        {{ to_double('sigma_raw') }} as sigma,
        {{ to_double('omega_raw') }} as omega
    from raw
),

reasoned as (
    select
        *,
        case
            when importer is null then 'importer_not_iso3'
            when hs4 is null then 'hs4_not_4_digits'
            when sigma_raw is null then 'sigma_missing'
            when sigma is null then 'sigma_not_numeric'
            when sigma <= 1 then 'sigma_not_above_one'
            when omega_raw is not null and omega is null then 'omega_not_numeric'
        end as check_reason
    from typed
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by importer, hs4, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_cell'
    end as reason,
    case
        when check_reason = 'importer_not_iso3' then 'importer'
        when check_reason = 'hs4_not_4_digits' then 'hs4'
        when check_reason in ('sigma_missing', 'sigma_not_numeric', 'sigma_not_above_one') then 'sigma'
        when check_reason = 'omega_not_numeric' then 'omega'
        else 'importer,hs4'
    end as reject_column
from reasoned
