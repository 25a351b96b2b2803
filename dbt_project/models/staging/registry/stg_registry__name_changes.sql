-- Registry change records (变更记录), one row per change: the enterprise's identifiers and
-- current name, change_type (name / address / legal_representative / other), the contents
-- before and after (normalised as names when change_type = name), and the change date. Name
-- changes date the former names of stg_registry__enterprises.
select
    uscc, registration_number, firm_name, firm_name_raw, change_item, change_type,
    before_raw, after_raw,
    case when change_type = 'name' then {{ normalize_cn_text('before_raw') }} end as name_before,
    case when change_type = 'name' then {{ normalize_cn_text('after_raw') }} end as name_after,
    change_date, export_year, source_file, source_row
from {{ ref('stg_registry__name_changes_checked') }}
where reason is null
