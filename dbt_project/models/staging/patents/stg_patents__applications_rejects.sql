-- Patent records that failed typing or validation (or repeat an application already staged),
-- and lines that could not be parsed.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '申请号' then application_number_raw when '申请日' then application_date_raw
        when '公开（公告）日' then publication_date_raw when '申请（专利权）人' then applicants_raw
        when '主分类号' then main_class_raw when '专利类型' then patent_type_raw
    end as reject_value,
    application_number_raw, application_date_raw, publication_date_raw, applicants_raw,
    main_class_raw, patent_type_raw
from {{ ref('stg_patents__applications_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('patents_cnipa') }}
