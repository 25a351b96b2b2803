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

{#- Every name of a firm: the names it used in the survey or customs (int_firm__firm_names)
    and every name of its linked registry enterprise. Columns firm_id, name_key, name_core,
    province_code, name_source. -#}
{% macro firm_names_with_registry() -%}
    select firm_id, name_key, name_core, province_code, name_source from {{ ref('int_firm__firm_names') }}
    union all
    select a.firm_id, n.name_key, n.name_core, n.province_code, 'registry_' || n.name_role
    from {{ ref('int_firm__assn_registry_firm') }} a
    join {{ ref('int_firm__registry_names') }} n using (enterprise_key)
    where a.decision = 'linked'
{%- endmacro %}

{#- Link the records of a name list (patent applicants, platform members, ICP organisers) to
    firms through int_firm__name_index. `records` must have `name_key` (firm_name_key) and
    `province_code` (the record's own province when the list gives one, else NULL). Rules:
      name                the name key is carried by exactly one firm
      name_core_province  without a province in front, in the province the name opens with
                          (else the record's own province), one firm only
    Adds firm_id, match_rule, link_status (linked | ambiguous: the key is carried by several
    firms | unmatched) and n_candidate_firms. `index_kind` 'english' links English names by the
    rules of var firm_english_name_rules instead (english_name_links). -#}
{% macro link_names_to_firms(records, index_kind='chinese', link_type=none) -%}
    {%- if index_kind == 'english' %}
    {{ english_name_links(records, link_type) }}
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

{#- English platform names -> firms (paper 004), rules of var firm_english_name_rules in order;
    a record linked by the first is not tried by the second:
      operator_registry (match_rule english_name)  the name key = the English name of
          foreign-trade operator filings linked to exactly one firm (int_firm__english_name_index)
      pinyin  the record's keys (int_firm__english_pinyin_keys: place + trade name || '|' ||
          industry word) meet the pinyin keys (int_firm__name_pinyin_keys) of exactly one firm
          in the record's province (int_firm__pinyin_name_index)
    `records` needs source_file, source_row and name_key; `link_type` is web_alibaba or
    web_made_in_china. Adds firm_id,
    match_rule, link_status, n_candidate_firms and ambiguous_rule (the rule whose key several
    firms carry, for the ambiguity table). -#}
{% macro english_name_links(records, link_type) -%}
    {%- set rules = var('firm_english_name_rules') -%}
    {%- for rule in rules if rule not in ['operator_registry', 'pinyin'] -%}
        {{ exceptions.raise_compiler_error("var firm_english_name_rules: unknown rule " ~ rule) }}
    {%- endfor -%}
    {%- set reg = 'operator_registry' in rules -%}
    {%- set pin = 'pinyin' in rules -%}
    {%- if pin and reg and rules.index('pinyin') < rules.index('operator_registry') -%}
        {{ exceptions.raise_compiler_error("var firm_english_name_rules: operator_registry links keep priority") }}
    {%- endif %}
    select r.*,
        coalesce({{ 'n.firm_id' if reg else 'null' }}, {{ 'p.firm_id' if pin else 'null' }}) as firm_id,
        case when {{ 'n.firm_id' if reg else 'null' }} is not null then 'english_name'
             when {{ 'p.firm_id' if pin else 'null' }} is not null then 'pinyin' end as match_rule,
        case when coalesce({{ 'n.firm_id' if reg else 'null' }}, {{ 'p.firm_id' if pin else 'null' }}) is not null
             then 'linked'
             when {{ 'n.n_firms' if reg else 'null' }} > 1 or {{ 'p.n_firms' if pin else 'null' }} > 1 then 'ambiguous'
             else 'unmatched' end as link_status,
        case when {{ 'n.firm_id' if reg else 'null' }} is not null then {{ 'n.n_firms' if reg else 'null' }}
             else greatest(coalesce({{ 'n.n_firms' if reg else 'null' }}, 0),
                           coalesce({{ 'p.n_firms' if pin else 'null' }}, 0)) end as n_candidate_firms,
        case when coalesce({{ 'n.firm_id' if reg else 'null' }}, {{ 'p.firm_id' if pin else 'null' }}) is null
             then case when {{ 'p.n_firms' if pin else 'null' }} > 1 then 'pinyin'
                       when {{ 'n.n_firms' if reg else 'null' }} > 1 then 'english_name' end
        end as ambiguous_rule
    from {{ records }} r
    {%- if reg %}
    left join {{ ref('int_firm__english_name_index') }} n on n.english_key = r.name_key
    {%- endif %}
    {%- if pin %}
    left join (
        select k.source_file, k.source_row, count(distinct i.firm_id) as n_firms,
               case when count(distinct i.firm_id) = 1 then min(i.firm_id) end as firm_id
        from {{ ref('int_firm__english_pinyin_keys') }} k
        join {{ ref('int_firm__pinyin_name_index') }} i
            on i.pinyin_key = k.pinyin_key and i.province_code = k.province_code
        where k.link_type = '{{ link_type }}'
        group by k.source_file, k.source_row
    ) p on p.source_file = r.source_file and p.source_row = r.source_row
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
