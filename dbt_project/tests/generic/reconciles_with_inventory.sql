{#- Nothing is lost: for every raw file of a source, the records the landing step saw equal
    the rows staged plus the rows rejected (typing/validation rejects and unparseable lines).
    Fails with one row per file that does not add up. -#}
{% test reconciles_with_inventory(model, source_name, rejects_model) %}
with inv as (
    select source_file, n_records from {{ ref('stg_landing__file_inventory') }}
    where source = '{{ source_name }}'
),
staged as (select source_file, count(*) as n from {{ model }} group by 1),
rejected as (select source_file, count(*) as n from {{ rejects_model }} group by 1)
select
    coalesce(inv.source_file, staged.source_file, rejected.source_file) as source_file,
    inv.n_records, coalesce(staged.n, 0) as n_staged, coalesce(rejected.n, 0) as n_rejected
from inv
full join staged on staged.source_file = inv.source_file
full join rejected on rejected.source_file = coalesce(inv.source_file, staged.source_file)
where coalesce(inv.n_records, 0) <> coalesce(staged.n, 0) + coalesce(rejected.n, 0)
{% endtest %}
