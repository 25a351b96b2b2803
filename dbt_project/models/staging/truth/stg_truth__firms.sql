{{ config(materialized='view', tags=['truth']) }}
-- Answer key: one row per true firm of a synthetic universe (empty for real data).
select
    firm_uid, kind, customs_code,
    {{ legal_code_key('legal_code_first') }} as legal_code_first,
    {{ legal_code_key('legal_code_second') }} as legal_code_second,
    {{ dbt.safe_cast('legal_code_change_year', api.Column.translate_type('integer')) }} as legal_code_change_year,
    name_first, name_second,
    {{ dbt.safe_cast('rename_year', api.Column.translate_type('integer')) }} as rename_year, english_name,
    coalesce(intermediary_name_has_akw_keyword = 'true', false) as intermediary_name_has_akw_keyword,
    coalesce(producer_named_gongmao = 'true', false) as producer_named_gongmao,
    nullif({{ dbt.safe_cast('pit_year', api.Column.translate_type('integer')) }}, 0) as pit_year,
    nullif({{ dbt.safe_cast('pdo_year', api.Column.translate_type('integer')) }}, 0) as pdo_year,
    nullif({{ dbt.safe_cast('icp_year', api.Column.translate_type('integer')) }}, 0) as icp_year
from {{ source('truth', 'firms') }}
where firm_uid is not null
