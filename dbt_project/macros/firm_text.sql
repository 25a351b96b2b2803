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

{#- Phone numbers as digits, the area code with its trunk 0: '(0571)86012345', '0571 86012345',
    '057186012345', '+86-571-86012345', '0086 571 86012345' -> '057186012345';
    '+86-10-62751234' -> '01062751234'; mobiles '+86 138 0013 8000' -> '13800138000'; a local
    number alone ('86012345') stays as it is.
    - the country code (+86, 0086, or 86 followed by a separator) is dropped;
    - an extension is dropped: 1-4 digits after a separator, 转 or 'ext', following a complete
      number of 7 or more digits ('(0571)86012345-801', '0571-86012345转801'); digits grouped
      by spaces ('138 0013 8000') are not an extension;
    - 10-11 digits not starting with 0 that are not a mobile (1[3-9] + 9 digits) lost the trunk
      0 of their area code (written in international form, or stored as a number): it is put
      back ('+86-571-86012345' gave '57186012345' before this rule). -#}
{% macro phone_digits(col) -%}
    {%- set national = "regexp_replace(trim(" ~ col ~ "), '^(?:[+]|00)86[- ]*|^86[- ]+', '')" -%}
    {%- set no_extension = "case when regexp_matches(" ~ national ~ ", '[0-9]{7}[^0-9]+[0-9]{1,4}$') then regexp_replace("
                            ~ national ~ ", '[^0-9]+[0-9]{1,4}$', '') else " ~ national ~ " end" -%}
    {%- set digits = digits_only(no_extension) -%}
    case when regexp_full_match({{ digits }}, '[2-9][0-9]{9,10}|10[0-9]{8}') then '0' || {{ digits }}
         else {{ digits }} end
{%- endmacro %}

{#- Area code (with its 0: 3 digits for 010 and 02x, else 4) and local number of phone_digits;
    a number without a leading 0 (local number alone, mobile) has no area code. -#}
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
