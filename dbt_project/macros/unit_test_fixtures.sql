{#- Fixture of a landed raw source for a dbt unit test:
        given:
          - input: source('landing', 'X')
            format: sql
            rows: "{{ landing_fixture('X', [{'列名': 'value', ...}, ...]) }}"

    dbt builds a unit-test fixture from the column types of the input relation, which it cannot
    read for an external (read_parquet) source. Every landed column is text (plus _source_file
    and _source_row), so the fixture is written here: one select per given row, every landed
    column the row leaves out NULL (as in a landed file), _source_file 'unit_test.csv' and
    _source_row the row's position unless given. The column list is read from the landed files
    (the landing step writes an empty Parquet with the columns when a source has no file), and
    a given column that is not landed stops the test. -#}
{% macro landing_fixture(source_name, rows) -%}
    {%- if not execute -%}
        select 1 as _source_row
    {%- else -%}
        {#- the external_location of every landing source (unit-test contexts have no graph.sources) -#}
        {%- set location = "read_parquet('" ~ var('tradewh_landing_dir', env_var('TRADEWH_LANDING_DIR', '../data/landing')) ~ "/raw/" ~ source_name ~ "/*.parquet', union_by_name=true)" -%}
        {%- set columns = run_query('select * from ' ~ location ~ ' limit 0').column_names -%}
        {%- for row in rows %}
            {%- set row_number = loop.index %}
            {%- set unknown = row.keys() | reject('in', columns) | list %}
            {%- if unknown %}
                {{ exceptions.raise_compiler_error("landing_fixture('" ~ source_name ~ "'): no landed column " ~ unknown | join(', ')) }}
            {%- endif %}
        select
            {%- for c in columns %}
            {%- if c == '_source_row' %}
            cast({{ row.get(c, row_number) }} as {{ dbt.type_bigint() }}) as _source_row
            {%- elif c == '_source_file' %}
            cast('{{ row.get(c, 'unit_test.csv') }}' as {{ dbt.type_string() }}) as _source_file
            {%- elif row.get(c) is none %}
            cast(null as {{ dbt.type_string() }}) as {{ adapter.quote(c) }}
            {%- else %}
            cast('{{ row[c] | string | replace("'", "''") }}' as {{ dbt.type_string() }}) as {{ adapter.quote(c) }}
            {%- endif %}{{ ',' if not loop.last }}
            {%- endfor %}
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}
