-- HS1996 product -> BEC Rev.4 class(es) and SNA end use (seed bec_classes), one row per HS6.
-- With a reference directory: the UN HS1996 -> BEC table (hs_nomen H1); an HS6 linked to
-- several BEC codes of different end uses is 'mixed' (n_bec, and whether one link is
-- intermediate, is_any_intermediate). Without: the demo prefix table hs96_bec_demo (longest
-- prefix) for the HS96 codes customs flows are harmonised to (int_customs__hs_base).
-- A generic helper: paper 001 uses it for the intermediate imports of ordinary trade.
with official as (
    select distinct hs6, bec from {{ source('reference', 'hs_bec') }}
    where hs_nomen = 'H1' and bec is not null
),

use_official as (
    select count(*) > 0 as yes from official
),

codes as (
    select distinct hs6_base as hs6 from {{ ref('int_customs__hs_base') }} where hs6_base is not null
),

demo as (
    select hs6, bec from (
        select c.hs6, m.bec,
               row_number() over (partition by c.hs6 order by length(m.hs_prefix) desc) as rk
        from codes c
        join {{ ref('hs96_bec_demo') }} m on {{ has_prefix('c.hs6', 'm.hs_prefix') }}
    ) ranked
    where rk = 1
),

links as (
    select hs6, bec from official where (select u.yes from use_official u)
    union all
    select hs6, bec from demo where not (select u.yes from use_official u)
)

select
    l.hs6,
    min(l.bec) as bec_first,
    count(distinct l.bec) as n_bec,
    case when count(distinct b.sna_class) = 1 then min(b.sna_class) else 'mixed' end as sna_class,
    max(case when b.sna_class = 'intermediate' then 1 else 0 end) = 1 as is_any_intermediate,
    case when (select u.yes from use_official u) then 'un_hs1996_bec' else 'demo_prefix' end as bec_source
from links l
join {{ ref('bec_classes') }} b on l.bec = b.bec
group by l.hs6
