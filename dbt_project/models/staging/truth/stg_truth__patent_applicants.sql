{{ config(materialized='view', tags=['truth']) }}
-- Answer key: one row per applicant of a written patent row, in written order: its firm_uid
-- (NULL outside the universe) and kind (firm, university, individual, outside_firm).
with rows as (
    select application_number, source_file,
           {{ dbt.safe_cast('source_row', api.Column.translate_type('bigint')) }} as source_row,
           {{ split_parallel_lists(['applicant_firm_uids', 'applicant_kinds'], ';', 'applicant_seq') }}
    from {{ source('truth', 'patents') }}
    where application_number is not null
)
select application_number, source_file, source_row, applicant_seq,
       nullif(applicant_firm_uids, '') as firm_uid, applicant_kinds as applicant_kind
from rows
