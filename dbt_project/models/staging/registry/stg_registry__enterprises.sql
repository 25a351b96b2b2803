-- Enterprise credit registry, one row per enterprise: current name normalised beside the raw
-- name, former names (曾用名, list, normalised), unified social credit code, registration
-- number, organisation code (from the credit code, else as given), founding date, status group
-- (active / deregistered / revoked), enterprise type, industry (门类 and 大类 name;
-- is_wholesale_retail flags 批发业 / 零售业, paper 004's intermediary rule), province and city.
select
    firm_name, firm_name_raw,
    list_transform(string_split_regex(former_names_raw, '[;；]'), lambda x: {{ normalize_cn_text('x') }})
        as former_names,
    former_names_raw, uscc, registration_number,
    coalesce(substr(uscc, 9, 9), nullif(organization_code_given, '')) as organization_code,
    legal_representative, founding_date, registration_status,
    case
        when registration_status like '%注销%' then 'deregistered'
        when registration_status like '%吊销%' then 'revoked'
        when regexp_matches(registration_status, '存续|在业|在营|开业|在册') then 'active'
        else 'other'
    end as status_group,
    enterprise_type, industry_division, industry_name,
    industry_name in ('批发业', '零售业') as is_wholesale_retail,
    province_name, province_code, city_name, address, export_year, source_file, source_row
from {{ ref('stg_registry__enterprises_checked') }}
where reason is null
