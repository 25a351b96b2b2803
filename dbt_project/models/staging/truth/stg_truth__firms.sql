{{ config(materialized='view', tags=['truth']) }}
-- Answer key: one row per true firm of a synthetic universe (empty for real data).
select
    firm_uid, kind, customs_code,
    {{ legal_code_key('legal_code_first') }} as legal_code_first,
    {{ legal_code_key('legal_code_second') }} as legal_code_second,
    try_cast(legal_code_change_year as integer) as legal_code_change_year,
    name_first, name_second, try_cast(rename_year as integer) as rename_year, english_name,
    coalesce(intermediary_name_has_akw_keyword = 'true', false) as intermediary_name_has_akw_keyword,
    coalesce(producer_named_gongmao = 'true', false) as producer_named_gongmao,
    nullif(try_cast(pit_year as integer), 0) as pit_year,
    nullif(try_cast(pdo_year as integer), 0) as pdo_year,
    nullif(try_cast(icp_year as integer), 0) as icp_year
from {{ source('truth', 'firms') }}
where firm_uid is not null
