-- HS vintage -> HS1996 links used for the tariffs: the official UN correlation tables when
-- the landing step found them (TRADEWH_REFERENCE_DIR), else the demo seed.
with official as (
    select from_nomen, from_code, to_code, relationship, 'un:' || source_file as concordance_source
    from {{ source('reference', 'hs_to_hs96') }}
),
demo as (
    select from_nomen, from_code, to_code, relationship, 'demo_seed' as concordance_source
    from {{ ref('hs_concordance_demo') }}
    where (select count(*) from official) = 0
)
select * from official
union all
select * from demo
