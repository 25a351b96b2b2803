{{ config(materialized='view') }}
-- Every landed dist_cepii row (ordered pair of economies), typed, with the first reason it
-- fails (NULL = valid). Distances in km; the weighted distances are empty in the real file
-- where city populations are missing (valid, NULL).
with typed as (
    select
        upper({{ clean_text('iso_o') }}) as iso_o, upper({{ clean_text('iso_d') }}) as iso_d,
        {{ clean_text('dist') }} as dist_raw, {{ clean_text('distw') }} as distw_raw,
        {{ to_double('dist') }} as dist_km, {{ to_double('distcap') }} as distcap_km,
        {{ to_double('distw') }} as distw_km, {{ to_double('distwces') }} as distwces_km,
        try_cast({{ clean_text('contig') }} as integer) as contig,
        try_cast({{ clean_text('comlang_off') }} as integer) as comlang_off,
        try_cast({{ clean_text('smctry') }} as integer) as smctry,
        {{ is_bad_number('distw') }} as distw_bad,
        _source_file as source_file, _source_row as source_row
    from {{ source('landing', 'cepii_geodist') }}
),

reasoned as (
    select *,
        case
            when iso_o is null or not regexp_full_match(iso_o, '[A-Z]{3}') then 'iso_o_malformed'
            when iso_d is null or not regexp_full_match(iso_d, '[A-Z]{3}') then 'iso_d_malformed'
            when dist_raw is null or dist_km is null then 'dist_not_numeric'
            when dist_km <= 0 then 'dist_not_positive'
            when distw_bad then 'distw_not_numeric'
        end as check_reason
    from typed
)

select *,
    case
        when check_reason is not null then check_reason
        when row_number() over (partition by iso_o, iso_d, check_reason is null
                                order by source_file, source_row) > 1 then 'duplicate_pair'
    end as reason,
    case
        when check_reason = 'iso_o_malformed' then 'iso_o'
        when check_reason = 'iso_d_malformed' then 'iso_d'
        when check_reason in ('dist_not_numeric', 'dist_not_positive') then 'dist'
        when check_reason = 'distw_not_numeric' then 'distw'
        else 'iso_o,iso_d'
    end as reject_column
from reasoned
