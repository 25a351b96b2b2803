{{ config(materialized='view', tags=['truth']) }}
-- Answer key: one row per applicant of a written patent row, in written order: its firm_uid
-- (NULL outside the universe) and kind (firm, university, individual, outside_firm).
with rows as (
    select application_number, source_file, try_cast(source_row as bigint) as source_row,
           string_split(coalesce(applicant_firm_uids, ''), ';') as uids,
           string_split(coalesce(applicant_kinds, ''), ';') as kinds
    from {{ source('truth', 'patents') }}
    where application_number is not null
)
select
    application_number, source_file, source_row,
    cast(generate_subscripts(uids, 1) as integer) as applicant_seq,
    nullif(unnest(uids), '') as firm_uid,
    unnest(kinds) as applicant_kind
from rows
