-- One row per applicant of a staged patent application, in the order written (申请（专利权）人
-- split on ';' and '；'), the name normalised beside the raw text, and a coarse applicant kind
-- from the name (university, research_institute, firm, individual, other) for co-application
-- measures. Matching applicants to firms is left to the intermediate layer.
with split as (
    select
        application_number, application_year, patent_type, is_digital, is_digital_invention, is_granted,
        n_applicants, source_file, source_row,
        unnest(string_split_regex(applicants_raw, '[;；]')) as applicant_name_raw,
        generate_subscripts(string_split_regex(applicants_raw, '[;；]'), 1) as applicant_seq
    from {{ ref('stg_patents__applications') }}
),

named as (
    select *, {{ normalize_cn_text('applicant_name_raw') }} as applicant_name
    from split
)

select
    application_number, application_year, applicant_seq, n_applicants,
    trim(applicant_name_raw) as applicant_name_raw, applicant_name,
    case
        when regexp_matches(applicant_name, '研究所|研究院|科学院|研究中心') then 'research_institute'
        when regexp_matches(applicant_name, '大学|学院') then 'university'
        when regexp_matches(applicant_name, '公司|厂|集团|企业|商行|合作社|LTD|CO\.') then 'firm'
        when regexp_full_match(applicant_name, '[\x{4e00}-\x{9fff}]{2,4}') then 'individual'
        else 'other'
    end as applicant_kind,
    patent_type, is_digital, is_digital_invention, is_granted, source_file, source_row
from named
where applicant_name is not null
