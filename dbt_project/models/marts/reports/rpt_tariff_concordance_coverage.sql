-- How the tariff lines of each nomenclature reached HS96: lines linked through the table,
-- native HS96, identity (demo only), split across several HS96 codes, or unmapped.
with lines as (
    select reporter, year, nomen, product_code from {{ ref('stg_tariffs__mfn') }}
),
links as (
    select reporter, year, nomen, product_code, count(*) as n_targets, min(link) as link,
           min(concordance_source) as concordance_source
    from {{ ref('int_tariff__lines_hs96') }}
    group by 1, 2, 3, 4
)
select
    l.nomen,
    coalesce(k.concordance_source, 'none') as concordance_source,
    count(*) as n_lines,
    count(*) filter (where k.link = 'table') as n_linked_by_table,
    count(*) filter (where k.link = 'native_hs96') as n_native_hs96,
    count(*) filter (where k.link = 'identity') as n_identity,
    count(*) filter (where k.n_targets > 1) as n_split,
    count(*) filter (where k.link is null) as n_unmapped
from lines l
left join links k using (reporter, year, nomen, product_code)
group by all
order by 1, 2
