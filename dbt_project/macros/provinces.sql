{#- Helpers of the provincial-yearbook sources (paper 003). -#}

{#- A printed label as a lookup key: every space removed (CSY pads two-character names with an
    ideographic space, "北　京"), full-width parentheses and colons folded to ASCII. -#}
{% macro printed_key(col) -%}
    replace(replace(replace(regexp_replace({{ clean_text(col) }}, '[\s\x{3000}\x{00A0}]+', '', 'g'),
        '（', '('), '）', ')'), '：', ':')
{%- endmacro %}

{#- Yearbooks print a gap as an ellipsis or a dash instead of leaving the cell empty. -#}
{% macro is_missing_mark(col) -%}
    ({{ col }} in ('…', '……', '...', '—', '-', '--', '－'))
{%- endmacro %}

{#- The data year in a file name like provinces/yearbook_2015.csv. -#}
{% macro file_year_of(col) -%}
    try_cast(regexp_extract({{ col }}, '_([0-9]{4})\.[A-Za-z]+$', 1) as integer)
{%- endmacro %}
