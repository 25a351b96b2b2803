{#- Helpers of the record sources (patents, web presence, registries). Codes stay text. -#}

{#- A date written as 2010-03-05, 2010.3.5, 2010/3/5, 2010年3月5日, 20100305, with or without a
    time after it ('2003-05-14T08:21:33Z', '2003-05-14 08:21:33'), 'Mar 12, 2009' or
    '14-May-2003'; NULL when it is none of these or not a calendar date (2010-02-30). -#}
{% macro parse_date_text(col) -%}
    coalesce(
        try_cast(regexp_replace({{ col }}, '^([0-9]{4})[-./年]([0-9]{1,2})[-./月]([0-9]{1,2})日?(?:[ T].*)?$', '\1-\2-\3') as date),
        try_cast(regexp_replace({{ col }}, '^([0-9]{4})([0-9]{2})([0-9]{2})$', '\1-\2-\3') as date),
        cast(try_strptime({{ col }}, ['%b %d, %Y', '%d-%b-%Y']) as date))
{%- endmacro %}

{#- An IPC code cleaned by normalize_cn_text (upper case, half-width, no spaces), in any of
    G06F17/30, G06F17/30(2006.01)I, G06F0017300000 (DOCDB: 4-digit main group, 6-digit
    subgroup), or a bare subclass G06F -> the 'G06F 17/30' form (subclass alone stays 'G06F');
    NULL when it is not an IPC code (e.g. a Locarno class '14-02'). -#}
{% macro normalize_ipc(x) -%}
    case
        when regexp_full_match({{ x }}, '[A-H][0-9]{2}[A-Z][0-9]{10}')
            then left({{ x }}, 4) || ' ' || cast(cast(substr({{ x }}, 5, 4) as integer) as varchar) || '/'
                 || case when length(rtrim(substr({{ x }}, 9, 6), '0')) < 2
                         then rpad(rtrim(substr({{ x }}, 9, 6), '0'), 2, '0')
                         else rtrim(substr({{ x }}, 9, 6), '0') end
        when regexp_full_match({{ x }}, '[A-H][0-9]{2}[A-Z][0-9]{1,4}/[0-9]{2,6}')
            then left({{ x }}, 4) || ' ' || cast(cast(regexp_extract({{ x }}, '^.{4}([0-9]+)/', 1) as integer) as varchar)
                 || '/' || regexp_extract({{ x }}, '/([0-9]+)$', 1)
        when regexp_full_match({{ x }}, '[A-H][0-9]{2}[A-Z]') then {{ x }}
    end
{%- endmacro %}

{#- The check character of a CNIPA application number body (12 digits since 2004, 8 before):
    the digits weighted 2,3,4,5,6,7,8,9,2,3,4,5 from the left, summed, modulo 11; 10 is X. -#}
{% macro appno_check(body, n) -%}
    {%- set weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] -%}
    replace(cast(({% for i in range(n) %}{{ weights[i] }} * cast(substr({{ body }}, {{ i + 1 }}, 1) as integer){{ ' + ' if not loop.last }}{% endfor %}) % 11 as varchar), '10', 'X')
{%- endmacro %}

{#- The check character of an 18-character unified social credit code (GB 32100): characters
    valued by their position in 0-9A-Y without I O S V Z, weighted, 31 - sum mod 31. -#}
{% macro uscc_check(code) -%}
    {%- set weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] -%}
    {%- set alphabet = "'0123456789ABCDEFGHJKLMNPQRTUWXY'" -%}
    substr({{ alphabet }}, ((31 - ({% for w in weights %}{{ w }} * (strpos({{ alphabet }}, substr({{ code }}, {{ loop.index }}, 1)) - 1){{ ' + ' if not loop.last }}{% endfor %}) % 31) % 31) + 1, 1)
{%- endmacro %}

{#- English company names as a matching key: upper case, '&' -> AND, apostrophes dropped, other
    punctuation to spaces, COMPANY LIMITED / LIMITED / COMPANY / CORPORATION -> CO LTD / LTD /
    CO / CORP, single spaces. 'Hangzhou Xinda Co.,Ltd' = 'HANGZHOU XINDA COMPANY LIMITED'. -#}
{% macro normalize_en_name(col) -%}
    nullif(trim(
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        regexp_replace(regexp_replace(regexp_replace(upper(translate({{ col }}, '（），．＆', '(),.&')),
            '&', ' AND ', 'g'), '[''’]', '', 'g'), '[^A-Z0-9]+', ' ', 'g'),
            '\bCOMPANY LIMITED\b', 'CO LTD', 'g'), '\bLIMITED\b', 'LTD', 'g'),
            '\bCOMPANY\b', 'CO', 'g'), '\bCORPORATION\b', 'CORP', 'g')), '')
{%- endmacro %}

{#- Host name of a URL or domain: scheme, 'www.', port and path removed, lower case. -#}
{% macro domain_of(col) -%}
    nullif(regexp_replace(regexp_replace(lower(trim({{ col }})), '^[a-z]+://', ''), '^www\.|[:/].*$', '', 'g'), '')
{%- endmacro %}

{#- Codes (application and publication numbers, IPC lists) as normalize_cn_text cleans them,
    skipping its costly translate when the text is plain ASCII (almost every row). -#}
{% macro normalize_code_text(col) -%}
    case when regexp_matches({{ col }}, '[^ -~]') then {{ normalize_cn_text(col) }}
         else nullif(upper(regexp_replace({{ col }}, '\s+', '', 'g')), '') end
{%- endmacro %}

{#- A sortable key of an IPC subgroup 'G06F 3/048': the main group zero-padded to 4 digits, then
    the subgroup digits right-padded to 6 with `pad` ('0' for a range's first code and for the
    code being tested, '9' for a range's last code, so that its digit-extended children such as
    3/0489 fall inside). Subgroups are decimal fractions: 3/048 < 3/05. -#}
{% macro ipc_sort_key(code, pad) -%}
    (lpad(split_part(split_part({{ code }}, ' ', 2), '/', 1), 4, '0')
     || rpad(split_part({{ code }}, '/', 2), 6, '{{ pad }}'))
{%- endmacro %}
