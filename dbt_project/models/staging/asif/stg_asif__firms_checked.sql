{{ config(materialized='view') }}
-- Every landed survey record (firm x year), typed, renamed and normalised, with the first
-- reason it fails (NULL = valid). Columns a vintage does not have are NULL (docs/data-sources.md).
{%- set money = {
    '工业总产值': 'gross_output_k_rmb', '工业销售产值': 'industrial_sales_k_rmb',
    '主营业务收入': 'sales_k_rmb', '出口交货值': 'export_delivery_k_rmb', '从业人数': 'employment',
    '固定资产': 'fixed_assets_k_rmb', '中间投入': 'intermediate_input_k_rmb',
    '固定资产净值年平均余额': 'net_fixed_assets_avg_k_rmb', '研发费用': 'rd_expense_k_rmb',
    '应付工资': 'wages_payable_k_rmb', '利润': 'total_profit_k_rmb', '资产总计': 'total_assets_k_rmb',
    '负债合计': 'total_liabilities_k_rmb', '利息支出': 'interest_expense_k_rmb',
    '主营业务成本': 'main_business_cost_k_rmb', '本年折旧': 'depreciation_k_rmb',
    '实收资本': 'paid_in_capital_k_rmb', '国家资本': 'state_capital_k_rmb',
    '港澳台资本': 'hmt_capital_k_rmb', '外商资本': 'foreign_capital_k_rmb'} %}
with raw as (
    select
        {{ clean_text('"法人代码"') }} as legal_code_raw, {{ clean_text('"企业名称"') }} as firm_name_raw,
        {{ clean_text('"行业代码"') }} as cic_raw, {{ clean_text('"省地县码"') }} as county_raw,
        {{ clean_text('"行政区划代码"') }} as admin_raw, {{ clean_text('"电话"') }} as phone_raw,
        {{ clean_text('"邮编"') }} as zip_raw, {{ clean_text('"登记注册类型"') }} as registration_type_raw,
        {{ clean_text('"开业年份"') }} as founding_year_raw,
        {%- for zh, en in money.items() %}
        {{ clean_text('"' ~ zh ~ '"') }} as {{ en }}_raw,
        {%- endfor %}
        l._source_file as source_file, l._source_row as source_row, i.file_year as year
    from {{ source('landing', 'asif_firms') }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'asif_firms' and l._source_file = i.source_file
),

typed as (
    select
        raw.*,
        nullif(upper(regexp_replace(raw.legal_code_raw, '[^0-9A-Za-z]', '', 'g')), '') as legal_code,
        {{ normalize_cn_text('firm_name_raw') }} as firm_name,
        case when {{ var('asif_pad_short_cic') }} then {{ pad_code(digits_only('cic_raw'), 4, 3) }}
             else {{ pad_code(digits_only('cic_raw'), 4, 4) }} end as cic_code,
        case when raw.year <= 2011 then 'GB/T 4754-2002' else 'GB/T 4754-2011' end as cic_version,
        coalesce(case when regexp_full_match(raw.admin_raw, '[0-9]{12}') then left(raw.admin_raw, 6) end,
                 {{ pad_code('county_raw', 6, 6) }}) as county_code,
        {{ phone_digits('phone_raw') }} as phone_digits,
        {{ pad_code(digits_only('zip_raw'), 6, 5) }} as zip,
        case when regexp_full_match(raw.registration_type_raw, '[0-9]{3}') then raw.registration_type_raw end
            as registration_type,
        case when try_cast(raw.founding_year_raw as integer) between 1800 and raw.year
             then try_cast(raw.founding_year_raw as integer) end as founding_year,
        {%- for en in money.values() %}
        try_cast(replace({{ en }}_raw, ',', '') as double) as {{ en }}{{ ',' if not loop.last }}
        {%- endfor %}
    from raw
),

reasoned as (
    select
        typed.*,
        left(typed.county_code, 2) || '0000' as province_code,
        left(typed.county_code, 4) || '00' as city_code,
        {{ phone_area('phone_digits') }} as phone_area,
        {{ phone_local('phone_digits') }} as phone_local,
        r.ownership,
        case
            when typed.firm_name is null then 'firm_name_missing'
            when typed.cic_code is null then 'cic_not_4_digits'
            when typed.registration_type is null then 'registration_type_not_3_digits'
            {%- for en in money.values() %}
            when {{ en }}_raw is not null and {{ en }} is null then '{{ en }}_not_numeric'
            {%- endfor %}
        end as check_reason
    from typed
    left join {{ ref('asif_registration_types') }} r using (registration_type)
)

select
    *,
    case
        when check_reason is not null then check_reason
        when row_number() over (
            partition by source_file, legal_code, firm_name, check_reason is null
            order by source_row) > 1 then 'duplicate_record'
    end as reason,
    case
        when check_reason = 'firm_name_missing' then '企业名称'
        when check_reason = 'cic_not_4_digits' then '行业代码'
        when check_reason = 'registration_type_not_3_digits' then '登记注册类型'
        {%- for zh, en in money.items() %}
        when check_reason = '{{ en }}_not_numeric' then '{{ zh }}'
        {%- endfor %}
        when check_reason is null then '法人代码,企业名称'
    end as reject_column,
    case
        when check_reason = 'firm_name_missing' then firm_name_raw
        when check_reason = 'cic_not_4_digits' then cic_raw
        when check_reason = 'registration_type_not_3_digits' then registration_type_raw
        {%- for en in money.values() %}
        when check_reason = '{{ en }}_not_numeric' then {{ en }}_raw
        {%- endfor %}
        when check_reason is null then concat_ws(',', legal_code_raw, firm_name_raw)
    end as reject_value
from reasoned
