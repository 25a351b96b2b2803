{{ config(materialized='view') }}
-- Every landed customs record, typed and harmonised across vintages, with the first reason it
-- fails (NULL = valid). Vintages differ in flow coding (出口/进口 or 0/1), country (Chinese
-- name or customs code), trade-mode vocabulary (detailed or the coarse 加工贸易 of 2007-2011),
-- HS8 stored as a number (leading zero lost) and date format; see docs/data-sources.md.
-- Text columns repeat a few hundred thousand distinct values over tens of millions of
-- records, so each is cleaned once per distinct value (the *_map CTEs) and joined back.
{%- set src = source('landing', 'customs_transactions') %}
with
{% call distinct_map('dates', src, '日期') %}
    try_cast(left({{ digits_only('v') }}, 4) as integer) as year,
    try_cast(substr({{ digits_only('v') }}, 5, 2) as integer) as month
{% endcall %}
{% call distinct_map('hs_codes', src, '税号编码') %}
    case when {{ var('customs_pad_short_hs8') }}
         then {{ pad_code("regexp_replace(v, '[. ]', '', 'g')", 8, 7) }}
         else {{ pad_code("regexp_replace(v, '[. ]', '', 'g')", 8, 8) }} end as hs8
{% endcall %}
{% call distinct_map('firm_codes', src, '企业编码') %}
    nullif(upper(regexp_replace(v, '[^0-9A-Za-z]', '', 'g')), '') as firm_code
{% endcall %}
{% call distinct_map('firm_names', src, '经营单位') %} {{ normalize_cn_text('v') }} as firm_name {% endcall %}
{% call distinct_map('addresses', src, '单位地址') %} {{ normalize_cn_text('v') }} as address {% endcall %}
{% call distinct_map('phones', src, '电话') %}
    {{ phone_digits('v') }} as phone_digits,
    {{ phone_area(phone_digits('v')) }} as phone_area,
    {{ phone_local(phone_digits('v')) }} as phone_local
{% endcall %}
{% call distinct_map('zips', src, '邮编') %} {{ pad_code(digits_only('v'), 6, 5) }} as zip {% endcall %}
{% call distinct_map('firm_types', src, '企业性质') %} {{ normalize_cn_text('v') }} as firm_type {% endcall %}
{% call distinct_map('transport', src, '运输方式') %} {{ normalize_cn_text('v') }} as transport_mode {% endcall %}
{% call distinct_map('countries', src, '起运国或目的国') %}
    coalesce(
        (select customs_code from {{ ref('customs_countries') }}
         where {{ normalize_cn_text('country_name_zh') }} = {{ normalize_cn_text('v') }}),
        (select customs_code from {{ ref('customs_countries') }}
         where is_primary and regexp_full_match(v, '[0-9]{1,3}') and customs_code = lpad(v, 3, '0'))
    ) as country_code
{% endcall %}
{% call distinct_map('modes', src, '贸易方式') %}
    (select trade_mode_label from {{ ref('customs_trade_modes') }}
     where {{ normalize_cn_text('trade_mode_label') }} = {{ normalize_cn_text('v') }}) as mode_label
{% endcall %}

typed as (
    select
        {{ clean_text('l."日期"') }} as date_raw, {{ clean_text('l."进口或出口"') }} as flow_raw,
        {{ clean_text('l."税号编码"') }} as hs_raw, {{ clean_text('l."金额"') }} as value_raw,
        {{ clean_text('l."数量"') }} as quantity_raw, {{ clean_text('l."计量单位"') }} as unit,
        {{ clean_text('l."企业编码"') }} as firm_code_raw, {{ clean_text('l."经营单位"') }} as firm_name_raw,
        {{ clean_text('l."电话"') }} as phone_raw, {{ clean_text('l."起运国或目的国"') }} as country_raw,
        {{ clean_text('l."贸易方式"') }} as trade_mode_raw,
        d.year, d.month,
        case when l."进口或出口" in ('出口', '0') then 'export'
             when l."进口或出口" in ('进口', '1') then 'import' end as flow,
        h.hs8,
        try_cast(replace({{ clean_text('l."金额"') }}, ',', '') as double) as value_usd,
        try_cast(replace({{ clean_text('l."数量"') }}, ',', '') as double) as quantity,
        fc.firm_code, fn.firm_name, a.address, p.phone_digits, p.phone_area, p.phone_local, z.zip,
        ft.firm_type, t.transport_mode, c.country_code, cc.iso3 as country_iso3,
        m.trade_mode, m.trade_mode_coarse, m.is_processing, m.is_processing_equipment, m.is_assembly,
        l._source_file as source_file, l._source_row as source_row, i.file_year
    from {{ src }} l
    left join {{ ref('stg_landing__file_inventory') }} i
        on i.source = 'customs_transactions' and l._source_file = i.source_file
    left join dates d on l."日期" = d.k
    left join hs_codes h on l."税号编码" = h.k
    left join firm_codes fc on l."企业编码" = fc.k
    left join firm_names fn on l."经营单位" = fn.k
    left join addresses a on l."单位地址" = a.k
    left join phones p on l."电话" = p.k
    left join zips z on l."邮编" = z.k
    left join firm_types ft on l."企业性质" = ft.k
    left join transport t on l."运输方式" = t.k
    left join countries c on l."起运国或目的国" = c.k
    left join {{ ref('customs_countries') }} cc on c.country_code = cc.customs_code and cc.is_primary
    left join modes mm on l."贸易方式" = mm.k
    left join {{ ref('customs_trade_modes') }} m on mm.mode_label = m.trade_mode_label
)

select
    *,
    left(hs8, 6) as hs6,
    case when year < 2002 then 'H1' when year < 2007 then 'H2' when year < 2012 then 'H3'
         when year < 2017 then 'H4' when year < 2022 then 'H5' else 'H6' end as hs_vintage,
    coalesce(flow = 'import' and country_iso3 = 'CHN', false) as is_reimport,
    case
        when year is null or month not between 1 and 12 then 'date_unparseable'
        when file_year is not null and year <> file_year then 'year_differs_from_file_year'
        when flow is null then 'flow_unknown'
        when hs8 is null then 'hs8_not_8_digits'
        when value_usd is null then 'value_not_numeric'
        when value_usd <= 0 then 'value_not_positive'
        when quantity_raw is not null and quantity is null then 'quantity_not_numeric'
        when quantity < 0 then 'quantity_negative'
        when firm_code is null or not regexp_full_match(firm_code, '[0-9A-Z]{10}|[0-9A-Z]{18}')
            then 'firm_code_malformed'
        when country_code is null then 'country_unknown'
        when trade_mode is null then 'trade_mode_unknown'
    end as reason,
    case
        when year is null or month not between 1 and 12 or (file_year is not null and year <> file_year) then '日期'
        when flow is null then '进口或出口'
        when hs8 is null then '税号编码'
        when value_usd is null or value_usd <= 0 then '金额'
        when (quantity_raw is not null and quantity is null) or quantity < 0 then '数量'
        when firm_code is null or not regexp_full_match(firm_code, '[0-9A-Z]{10}|[0-9A-Z]{18}') then '企业编码'
        when country_code is null then '起运国或目的国'
        when trade_mode is null then '贸易方式'
    end as reject_column
from typed
