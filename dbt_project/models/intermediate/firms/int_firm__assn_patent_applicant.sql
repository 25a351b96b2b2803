-- Patent applicants -> firms: one row per applicant of a staged application (co-applicants
-- each), matched by name through int_firm__name_index (macro link_names_to_firms: the name
-- key, then the province-free core in the province the name opens with or, for the first
-- applicant, the export's 国省代码). applicant_class says what an applicant is:
--   firm                the name matched a firm of the warehouse
--   university          大学 / 学院, research_institute 研究所 / 研究院 / 科学院 / 研究中心 (names
--                       without a company form), individual (2-4 Chinese characters): not
--                       firms, kept out of firm counts
--   firm_unmatched      a company name (公司, 厂, 集团 ...) no firm of the warehouse carries,
--   firm_ambiguous      a name several firms carry (also in int_firm__match_ambiguities)
--   other               anything else
with apps as (
    select a.application_number, a.application_year, a.applicant_seq, a.n_applicants,
           a.applicant_name_raw, a.patent_type, a.is_digital, a.is_digital_invention, a.is_granted,
           a.source_file, a.source_row,
           {{ firm_name_key('a.applicant_name_raw') }} as name_key,
           case when a.applicant_seq = 1 then p.province_code end as province_code
    from {{ ref('stg_patents__applicants') }} a
    left join {{ ref('stg_patents__applications') }} p using (application_number)
),

linked as (
    {{ link_names_to_firms('apps') }}
)

select
    application_number, application_year, applicant_seq, n_applicants, applicant_name_raw, name_key,
    province_code, firm_id, match_rule, link_status, n_candidate_firms,
    case
        when link_status = 'linked' then 'firm'
        when link_status = 'ambiguous' then 'firm_ambiguous'
        when {{ rx_contains('name_key', '公司|厂|集团|企业|商行|合作社|LTD|CORP|INC') }}
            then 'firm_unmatched'
        when {{ rx_contains('name_key', '大学|学院') }} then 'university'
        when {{ rx_contains('name_key', '研究所|研究院|科学院|研究中心|实验室') }} then 'research_institute'
        when {{ rx_full('name_key', '\\p{Han}{2,4}') }} then 'individual'
        else 'other'
    end as applicant_class,
    patent_type, is_digital, is_digital_invention, is_granted, source_file, source_row
from linked
