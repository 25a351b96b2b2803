{#- tag digital_patents_quality: paper 002's planted-effects rule (analysis/planted.py,
    ksw_firm_quality) reads it, so `tradewh build --study digital_patents_quality` builds it
    (empty on real data: the truth tables land empty) -#}
{{ config(tags=['truth', 'digital_patents_quality']) }}
-- Evaluation only: the true firm of every matched firm_id, its most frequent firm_uid over the
-- survey records and customs codes it holds (then the smaller uid), and how pure it is
-- (share of its units with that uid). Empty without truth files.
with units as (
    select m.firm_id, t.firm_uid
    from {{ ref('int_firm__identity_map') }} m
    join {{ ref('int_firm__truth_units') }} t on m.unit_type = t.unit_type and m.unit_key = t.unit_key
),
counts as (
    select firm_id, firm_uid, count(*) as n from units group by firm_id, firm_uid
),
ranked as (
    select *, row_number() over (partition by firm_id order by n desc, firm_uid asc) as rk,
           sum(n) over (partition by firm_id) as n_units
    from counts
)
select firm_id, firm_uid, n_units, cast(n as double) / n_units as purity
from ranked
where rk = 1
