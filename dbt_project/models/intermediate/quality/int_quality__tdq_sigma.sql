-- Paper 004: the elasticity of substitution of every destination x product that Chinese firms
-- export (partner ISO3 x HS6 in the base vintage), from the two published tables:
--   sigma_sy  Soderbery (2018), importer x HS4 (raw source elasticities_soderbery): QSY, QLP, QOP
--   sigma_bw  Broda & Weinstein (2006), country x HS3 (reference table, TRADEWH_REFERENCE_DIR;
--             NULL everywhere without it): QBW
-- Cells a table lacks (var tdq_sigma_missing: impute) take, in this order, the median of the
-- importer's headings in the same HS2 chapter, the median across importers of the heading,
-- the importer's median, the table's median; `drop` leaves them NULL. Published sigmas above
-- var tdq_sigma_max (BW's estimation grid ends at 131.05; the BW file holds values up to
-- 16,808) or not above 1 count as missing. *_source says which rule gave each value.
{%- set impute = var('tdq_sigma_missing') %}
{%- if impute not in ['impute', 'drop'] %}
{{ exceptions.raise_compiler_error("var tdq_sigma_missing must be impute or drop, got " ~ impute) }}
{%- endif %}
{%- set smax = var('tdq_sigma_max') %}
with pairs as (
    select distinct partner_iso3 as importer, hs6_base
    from {{ ref('int_customs__flows_annual') }}
    where flow = 'export' and partner_iso3 is not null and hs6_base is not null
),

sy as (
    select importer, hs4, left(hs4, 2) as hs2, sigma
    from {{ ref('stg_elasticities__soderbery_sigma') }}
    where sigma > 1 and sigma <= {{ smax }}
),

bw as (
    select c.iso3 as importer, b.hs3, left(b.hs3, 2) as hs2, b.sigma
    from {{ source('reference', 'bw_sigma') }} b
    join {{ ref('bw_countries') }} c on b.ccode = c.ccode and b.cname = c.cname
    where b.sigma > 1 and b.sigma <= {{ smax }}
),

{%- for t, code in [('sy', 'hs4'), ('bw', 'hs3')] %}
{{ t }}_imp_hs2 as (
    select importer, hs2, percentile_cont(0.5) within group (order by sigma) as sigma
    from {{ t }}
    group by importer, hs2
),
{{ t }}_code as (
    select {{ code }}, percentile_cont(0.5) within group (order by sigma) as sigma from {{ t }} group by {{ code }}
),
{{ t }}_imp as (
    select importer, percentile_cont(0.5) within group (order by sigma) as sigma from {{ t }} group by importer
),
{{ t }}_all as (
    select percentile_cont(0.5) within group (order by sigma) as sigma from {{ t }}
),
{%- endfor %}

joined as (
    select
        p.importer, p.hs6_base,
        sy.sigma as sy_published, sy_imp_hs2.sigma as sy_imp_hs2, sy_code.sigma as sy_code,
        sy_imp.sigma as sy_imp, sy_all.sigma as sy_all,
        bw.sigma as bw_published, bw_imp_hs2.sigma as bw_imp_hs2, bw_code.sigma as bw_code,
        bw_imp.sigma as bw_imp, bw_all.sigma as bw_all
    from pairs p
    left join sy on p.importer = sy.importer and sy.hs4 = left(p.hs6_base, 4)
    left join sy_imp_hs2 on p.importer = sy_imp_hs2.importer and sy_imp_hs2.hs2 = left(p.hs6_base, 2)
    left join sy_code on sy_code.hs4 = left(p.hs6_base, 4)
    left join sy_imp on p.importer = sy_imp.importer
    cross join sy_all
    left join bw on p.importer = bw.importer and bw.hs3 = left(p.hs6_base, 3)
    left join bw_imp_hs2 on p.importer = bw_imp_hs2.importer and bw_imp_hs2.hs2 = left(p.hs6_base, 2)
    left join bw_code on bw_code.hs3 = left(p.hs6_base, 3)
    left join bw_imp on p.importer = bw_imp.importer
    cross join bw_all
)

select
    importer, hs6_base,
    {%- for t in ['sy', 'bw'] %}
    {%- if impute == 'impute' %}
    coalesce({{ t }}_published, {{ t }}_imp_hs2, {{ t }}_code, {{ t }}_imp, {{ t }}_all) as sigma_{{ t }},
    case when {{ t }}_published is not null then 'published'
         when {{ t }}_imp_hs2 is not null then 'importer_hs2_median'
         when {{ t }}_code is not null then 'product_median'
         when {{ t }}_imp is not null then 'importer_median'
         when {{ t }}_all is not null then 'table_median'
         else 'missing' end as sigma_{{ t }}_source{{ ',' if not loop.last }}
    {%- else %}
    {{ t }}_published as sigma_{{ t }},
    case when {{ t }}_published is not null then 'published' else 'missing' end as sigma_{{ t }}_source{{ ',' if not loop.last }}
    {%- endif %}
    {%- endfor %}
from joined
