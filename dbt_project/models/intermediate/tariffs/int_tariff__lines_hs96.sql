{#- Every MFN line linked to the HS96 code(s) it covers.
    link = 'table'       : a row of the concordance (one native code may reach several HS96 codes)
           'native_hs96' : the reporter already uses HS1996 (H1)
           'identity'    : demo seed only - a code the small table does not list is taken as
                           unchanged when it is an HS96 product code
    Lines with no link at all stay out and are counted in rpt_tariff_concordance_coverage. -#}
with lines as (
    select * from {{ ref('stg_tariffs__mfn') }}
),
conc as (
    select * from {{ ref('int_tariff__hs_concordance') }}
),
is_demo as (
    select coalesce(bool_and(concordance_source = 'demo_seed'), true) as yes from conc
),
by_table as (
    select l.*, c.to_code as hs6, 'table' as link, c.concordance_source
    from lines l
    join conc c on l.nomen = c.from_nomen and l.product_code = c.from_code
    where l.nomen <> 'H1'
),
native as (
    select l.*, l.product_code as hs6, 'native_hs96' as link, 'none' as concordance_source
    from lines l where l.nomen = 'H1'
),
identity as (
    select l.*, l.product_code as hs6, 'identity' as link, 'demo_seed' as concordance_source
    from lines l
    where l.nomen <> 'H1' and (select is_demo.yes from is_demo)
      and not exists (select 1 from conc c where c.from_nomen = l.nomen and c.from_code = l.product_code)
      and l.product_code in (select p.hs6 from {{ ref('stg_baci__products') }} p)
)
select * from by_table
union all by name
select * from native
union all by name
select * from identity
