{#- Sequential, one-to-one link resolution shared by every link table (docs/matching.md).

    `candidates` is a relation (or CTE name) with one row per candidate pair and rule:
    left_id, right_id, stage (1 = the first rule applied), and any other columns. Stages are
    applied in order; at each stage only units not yet linked at an earlier stage take part,
    and a pair is linked only when it is the single candidate of both its units at that stage
    (links are unique on both sides). Everything else is kept with the reason:

      decision = 'linked'      the pair became a link at this stage
               = 'ambiguous'   a unit had several candidates at this stage (n_right_candidates
                               / n_left_candidates say how many); nothing is picked, the units
                               stay open for the later stages
               = 'superseded'  a unit was already linked at an earlier stage

    unique_right=false: a right unit (a firm) may take several left units (its patents,
    its filings); only the left side must be unique.

    Renders CTEs ending in `<name>` (all evaluated candidate rows with the decision); use as
    `with {{ sequential_unique_links('cands', 5, 'decided') }} select ... from decided`. -#}
{% macro sequential_unique_links(candidates, n_stages, name, unique_right=true) -%}
    _done_0 as (select left_id, right_id from {{ candidates }} where 1 = 0),
    {%- for s in range(1, n_stages + 1) %}
    _eval_{{ s }} as (
        select c.*, (dl.left_id is not null or dr.right_id is not null) as is_superseded
        from {{ candidates }} c
        left join _done_{{ s - 1 }} dl on dl.left_id = c.left_id
        {%- if unique_right %}
        left join _done_{{ s - 1 }} dr on dr.right_id = c.right_id
        {%- else %}
        left join (select null as right_id) dr on 1 = 0
        {%- endif %}
        where c.stage = {{ s }}
    ),
    _count_{{ s }} as (
        select *,
            case when not is_superseded then sum(case when is_superseded then 0 else 1 end)
                 over (partition by left_id) end as n_right_candidates,
            case when not is_superseded then sum(case when is_superseded then 0 else 1 end)
                 over (partition by right_id) end as n_left_candidates
        from _eval_{{ s }}
    ),
    _decided_{{ s }} as (
        select * exclude (is_superseded),
            case when is_superseded then 'superseded'
                 when n_right_candidates = 1 {{ 'and n_left_candidates = 1' if unique_right }} then 'linked'
                 else 'ambiguous' end as decision
        from _count_{{ s }}
    ),
    _done_{{ s }} as (
        select left_id, right_id from _done_{{ s - 1 }}
        union all
        select left_id, right_id from _decided_{{ s }} where decision = 'linked'
    ),
    {%- endfor %}
    {{ name }} as (
        {%- for s in range(1, n_stages + 1) %}
        select * from _decided_{{ s }}{{ ' union all' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{#- Stable pseudonymous firm key: the first 16 hex digits of md5(namespace | key). -#}
{% macro firm_id_from(namespace, key) -%}
    substr({{ dbt.hash(dbt.concat(["'" ~ namespace ~ "|'", dbt.safe_cast(key, api.Column.translate_type('string'))])) }}, 1, 16)
{%- endmacro %}

{#- Link the records of a name list (patent applicants, platform members, ICP organisers) to
    firms through int_firm__name_index. `records` must have `name_key` (firm_name_key) and
    `province_code` (the record's own province when the list gives one, else NULL). Rules:
      name                the name key is carried by exactly one firm
      name_core_province  without a province in front, in the province the name opens with
                          (else the record's own province), one firm only
    Adds firm_id, match_rule, link_status (linked | ambiguous: the key is carried by several
    firms | unmatched) and n_candidate_firms. `index_kind` 'english' uses the English-name
    index of the linked trade-operator filings instead (name rule only). -#}
{% macro link_names_to_firms(records, index_kind='chinese') -%}
    {%- if index_kind == 'english' %}
    select r.*,
        n.firm_id,
        case when n.firm_id is not null then 'english_name' end as match_rule,
        case when n.firm_id is not null then 'linked'
             when n.n_firms > 1 then 'ambiguous'
             else 'unmatched' end as link_status,
        coalesce(n.n_firms, 0) as n_candidate_firms
    from {{ records }} r
    left join {{ ref('int_firm__english_name_index') }} n on n.english_key = r.name_key
    {%- else %}
    select r.*,
        coalesce(n.firm_id, c.firm_id) as firm_id,
        case when n.firm_id is not null then 'name'
             when c.firm_id is not null then 'name_core_province' end as match_rule,
        case when n.firm_id is not null or c.firm_id is not null then 'linked'
             when n.n_firms > 1 or c.n_firms > 1 then 'ambiguous'
             else 'unmatched' end as link_status,
        coalesce(n.n_firms, c.n_firms, 0) as n_candidate_firms
    from {{ records }} r
    left join {{ ref('int_firm__name_index') }} n on n.key_kind = 'name' and n.key = r.name_key
    left join {{ ref('int_firm__name_index') }} c
        on c.key_kind = 'name_core_province'
       and c.key = {{ firm_name_core('r.name_key') }} || '|'
                   || coalesce({{ province_code_of_prefix('r.name_key') }}, r.province_code)
    {%- endif %}
{%- endmacro %}

{#- The (gap, rule) stages of the survey year-to-year links, in the order applied: every rule of
    var asif_link_rules for gaps 1 .. asif_link_max_gap, then the rules of
    asif_link_long_gap_rules (in asif_link_rules order) for longer gaps up to
    asif_link_max_long_gap. Returns [{stage, gap, rule}]. -#}
{% macro survey_link_stages() -%}
    {%- set rules = var('asif_link_rules') -%}
    {%- set long_rules = var('asif_link_long_gap_rules') -%}
    {%- set out = [] -%}
    {%- for g in range(1, [var('asif_link_max_gap'), var('asif_link_max_long_gap')] | max + 1) -%}
        {%- for rule in rules -%}
            {%- if g <= var('asif_link_max_gap') or rule in long_rules -%}
                {%- do out.append({'stage': out | length + 1, 'gap': g, 'rule': rule}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{#- A name match between survey records a and b is corroborated unless both their county and
    their phone (last 7 digits) disagree: a name key can be carried by two firms (names
    differing only in the legal form, names reused after a firm closed). -#}
{% macro survey_name_corroborated(a, b) -%}
    (coalesce({{ a }}.county_code = {{ b }}.county_code, true) or coalesce({{ a }}.phone7 = {{ b }}.phone7, true))
{%- endmacro %}

{#- Memory cap of the firm-matching models (var firm_duckdb_memory_limit): a pre-hook sets
    DuckDB's memory_limit for the model (DuckDB spills joins, aggregates, sorts and windows to
    disk beyond it) and a post-hook restores the default, so other models are not affected.
    Another adapter renders nothing, and so does a Python model of the folder: a statement run
    before it opens the transaction's snapshot, in which dbt-duckdb's rename of the table the
    Python code wrote through its own cursor then fails ("__dbt_tmp does not exist"). -#}
{% macro firm_memory_limit() -%}
    {{ return(adapter.dispatch('firm_memory_limit')()) }}
{%- endmacro %}
{% macro default__firm_memory_limit() -%}{%- endmacro %}
{% macro duckdb__firm_memory_limit() -%}
    {%- if var('firm_duckdb_memory_limit', '') and model.language != 'python' -%}
    set memory_limit = '{{ var("firm_duckdb_memory_limit") }}'
    {%- endif -%}
{%- endmacro %}

{% macro firm_memory_reset() -%}
    {{ return(adapter.dispatch('firm_memory_reset')()) }}
{%- endmacro %}
{% macro default__firm_memory_reset() -%}{%- endmacro %}
{% macro duckdb__firm_memory_reset() -%}
    {%- if var('firm_duckdb_memory_limit', '') and model.language != 'python' -%}reset memory_limit{%- endif -%}
{%- endmacro %}
