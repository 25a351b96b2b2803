-- Every CIC code the industrial-firm survey uses, in its own vintage (GB/T 4754-2002 until
-- 2011, 2011 from 2012) and harmonised to 2002 (the matching layer's cic_adj), -> IFR industry
-- by the longest prefix of seed cic_ifr_industry within the vintage, and the industry group of
-- paper 001 (seed ifr_industry_groups, var rdv_industry_groups). NULL ifr_code: no prefix fits.
{%- set groups = var('rdv_industry_groups') %}
{%- if groups not in ['ifr14', 'ifr_leaves'] %}
{{ exceptions.raise_compiler_error("var rdv_industry_groups must be ifr14 | ifr_leaves, got " ~ groups) }}
{%- endif %}
with codes as (
    select distinct
        case when cic_version = 'GB/T 4754-2002' then '2002' else '2011' end as cic_vintage,
        cic_code
    from {{ ref('stg_asif__firms') }}
    where cic_code is not null
    union
    -- codes harmonised back to 2002 that the 2002 files never print
    select distinct '2002' as cic_vintage, c.cic2002 as cic_code
    from {{ ref('cic_concordance_2002_2011') }} c
),

hits as (
    select c.cic_vintage, c.cic_code, m.ifr_code,
           row_number() over (partition by c.cic_vintage, c.cic_code
                              order by length(m.cic_prefix) desc) as rk
    from codes c
    join {{ ref('cic_ifr_industry') }} m
        on c.cic_vintage = m.cic_version and {{ has_prefix('c.cic_code', 'm.cic_prefix') }}
)

select
    c.cic_vintage, c.cic_code, substring(c.cic_code, 1, 2) as cic2, h.ifr_code,
    {%- if groups == 'ifr14' %}
    g.group_code as industry,
    {%- else %}
    g.ifr_code as industry,
    {%- endif %}
    g.ifr_code is not null as is_manufacturing
from codes c
left join hits h on c.cic_vintage = h.cic_vintage and c.cic_code = h.cic_code and h.rk = 1
left join {{ ref('ifr_industry_groups') }} g on h.ifr_code = g.ifr_code
