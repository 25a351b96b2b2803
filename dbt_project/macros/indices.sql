{#- minmax_within (min-max standardisation over a window) lives in macros/quality.sql with the
    other export-quality helpers. -#}
