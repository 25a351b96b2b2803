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

    Renders CTEs ending in `<name>` (all evaluated candidate rows with the decision); use as
    `with {{ sequential_unique_links('cands', 5, 'decided') }} select ... from decided`. -#}
{% macro sequential_unique_links(candidates, n_stages, name) -%}
    _done_0 as (select left_id, right_id from {{ candidates }} where 1 = 0),
    {%- for s in range(1, n_stages + 1) %}
    _eval_{{ s }} as (
        select c.*, (dl.left_id is not null or dr.right_id is not null) as is_superseded
        from {{ candidates }} c
        left join _done_{{ s - 1 }} dl on dl.left_id = c.left_id
        left join _done_{{ s - 1 }} dr on dr.right_id = c.right_id
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
                 when n_right_candidates = 1 and n_left_candidates = 1 then 'linked'
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
