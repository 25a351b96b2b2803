{#- HS96 product -> Lall (2000) technology class and factor-intensity group (paper 000, Table 8).
    With a reference directory: HS96 -> HS2012 through the UN HS2012->HS1996 correlation links
    (reversed), HS2012 -> SITC Rev.2 through the UN table, SITC 3-digit -> Lall (seed
    lall_sitc2). These links are many-to-many, so a product can belong to several classes (the
    paper's group N's overlap too). Without a reference directory: the demo prefix table
    hs96_lall_demo, one class per product. Products without a link are counted in
    rpt_lall_coverage. -#}
with products as (
    select hs6 from {{ ref('stg_baci__products') }}
),
official as (
    select distinct c.to_code as hs6, l.lall_class
    from {{ source('reference', 'hs_to_hs96') }} c
    join {{ source('reference', 'hs_sitc2') }} s on s.hs_nomen = 'H4' and c.from_code = s.hs6
    join {{ ref('lall_sitc2') }} l on s.sitc2_3digit = l.sitc2_3digit
    where c.from_nomen = 'H4' and s.sitc2 is not null
),
use_official as (
    select count(*) > 0 as yes from {{ source('reference', 'hs_sitc2') }}
),
demo as (
    select p.hs6, m.lall_class
    from products p
    join {{ ref('hs96_lall_demo') }} m on starts_with(p.hs6, m.hs_prefix)
    where not (select use_official.yes from use_official)
    qualify row_number() over (partition by p.hs6 order by length(m.hs_prefix) desc) = 1
),
links as (
    select * from official where (select use_official.yes from use_official)
    union all
    select * from demo
)
select p.hs6, x.lall_class, i.factor_intensity,
       case when (select use_official.yes from use_official) then 'un_hs2012_sitc2' else 'demo_prefix' end
           as lall_source
from products p
join links x using (hs6)
join {{ ref('lall_intensity') }} i on x.lall_class = i.lall_class
