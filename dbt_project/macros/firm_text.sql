{#- Text helpers for the firm-level sources (customs, industrial-firm survey). -#}

{#- Chinese names and addresses as a matching key: full-width Latin letters, digits and
    punctuation to half-width (NFKC for the ASCII range), Chinese brackets to ASCII ones,
    every kind of space removed, Latin letters upper-cased. The raw text is kept beside it.
    translate() costs microseconds a row in DuckDB, so only strings with a full-width
    character go through it. -#}
{% macro normalize_cn_text(col) -%}
    nullif(upper(regexp_replace(
        case when regexp_matches({{ col }}, '[！-～　【】〔〕]')
             then translate({{ col }},
                 '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　【】〔〕',
                 '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ []()')
             else {{ col }} end, '\s+', '', 'g')), '')
{%- endmacro %}

{#- Digits only (phone numbers, postal codes, codes written with separators). -#}
{% macro digits_only(col) -%}
    nullif(regexp_replace({{ col }}, '[^0-9]', '', 'g'), '')
{%- endmacro %}

{#- A code that lost leading zeros when stored as a number: left-pad to `width` when it has
    between `min_len` and `width` digits, else NULL (the caller decides whether that rejects). -#}
{% macro pad_code(col, width, min_len) -%}
    {%- set pattern = '[0-9]{' ~ min_len ~ ',' ~ width ~ '}' -%}
    case when regexp_full_match({{ col }}, '{{ pattern }}')
         then lpad({{ col }}, {{ width }}, '0') end
{%- endmacro %}

{#- Phone numbers: '+86-571-86012345', '(0571)86012345', '0571 86012345-801', '057186012345'
    -> area code (with its 0) and local number (7 or 8 digits); extensions and the country
    code dropped. Digits without a leading 0 are a local number alone. -#}
{% macro phone_digits(col) -%}
    {{ digits_only("regexp_replace(regexp_replace(" ~ col ~ ", '^[+]?86[- ]', ''), '[-转 ]+[0-9]{1,4}$', '')") }}
{%- endmacro %}

{% macro phone_area(digits) -%}
    case when {{ digits }} like '01%' or {{ digits }} like '02%' then left({{ digits }}, 3)
         when {{ digits }} like '0%' then left({{ digits }}, 4) end
{%- endmacro %}

{% macro phone_local(digits) -%}
    case when {{ digits }} like '01%' or {{ digits }} like '02%' then substr({{ digits }}, 4)
         when {{ digits }} like '0%' then substr({{ digits }}, 5)
         else {{ digits }} end
{%- endmacro %}

{#- A CTE `name` with one row per distinct value k of `column` in `relation`: the caller's
    select list computed from v = clean_text(k). Big sources repeat few distinct values, so
    cleaning them once and joining back on k is much cheaper than cleaning every record. -#}
{% macro distinct_map(name, relation, column) -%}
{{ name }} as (
    select k, {{ caller() }}
    from (select k, {{ clean_text('k') }} as v from (select distinct "{{ column }}" as k from {{ relation }}))
),
{%- endmacro %}
