-- Patent applications, one row per application number (valid records; duplicates rejected):
-- number split into year / type digit / serial / check character, dates typed, IPC codes in the
-- 'A01B 1/00' form, patent type (from 专利类型, else from the number's type digit), grant status,
-- and the digital flag: any IPC code (var patents_digital_ipc_scope = all; 'main' = the main
-- class only) matching the seed digital_economy_ipc (stg_patents__ipc_codes).
with valid as (
    select * from {{ ref('stg_patents__applications_checked') }} where reason is null
),

classes as (
    select
        application_number,
        list(ipc_code order by class_seq) filter (where ipc_code is not null) as ipc_codes,
        max(locarno_class) as locarno_class,
        count(*) filter (where class_scheme = 'unparsed') as n_classes_unparsed,
        {% if var('patents_digital_ipc_scope') == 'main' -%}
        coalesce(bool_or(is_digital) filter (where is_main), false) as is_digital,
        {%- else -%}
        bool_or(is_digital) as is_digital,
        {%- endif %}
        bool_or(is_digital) filter (where is_main) as is_main_digital,
        list(distinct dig_class_code) filter (where dig_class_code is not null) as digital_class_codes
    from {{ ref('stg_patents__ipc_codes') }}
    group by application_number
)

select
    v.application_number, v.application_year, v.type_digit, v.application_serial, v.check_char,
    v.check_char_given is not null as check_char_given, v.type_digit in ('8', '9') as is_pct_national_phase,
    v.application_date, v.publication_number, v.publication_kind, v.publication_date,
    v.patent_type, v.title, v.applicants_raw, len(string_split_regex(v.applicants_raw, '[;；]')) as n_applicants,
    v.inventors_raw, v.main_ipc, c.ipc_codes, len(c.ipc_codes) as n_ipc_codes, c.n_classes_unparsed,
    coalesce(v.main_locarno, c.locarno_class) as locarno_class,
    coalesce(c.is_digital, false) as is_digital, coalesce(c.is_main_digital, false) as is_main_digital,
    c.digital_class_codes,
    coalesce(c.is_digital, false) and v.patent_type = 'invention' as is_digital_invention,
    v.legal_status_raw as legal_status, coalesce(v.status_group, 'unknown') as grant_status,
    v.status_group = 'granted' or v.publication_kind in ('B', 'C', 'U', 'S', 'Y') as is_granted,
    v.legal_status_raw in ('授权', '有权', '有效', '专利权有效') as is_in_force,
    case when regexp_full_match(v.province_raw, '[1-6][0-9]') then v.province_raw || '0000' end as province_code,
    v.address_raw as address, v.source_file, v.source_row
from valid v
left join classes c using (application_number)
