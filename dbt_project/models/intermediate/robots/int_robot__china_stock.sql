-- China's industrial robots by IFR industry (the leaves of seed ifr_industries: no aggregate,
-- not 99) x year: reported installations and operational stock, the unspecified (99) robots
-- allocated to the industry, and the true totals (reported + allocated).
-- var rdv_unspecified_allocation:
--   mean_share  the industry's mean share of the allocated robots (all leaves, manufacturing or
--               not) over the years var rdv_unspecified_share_years (the later, almost fully
--               allocated years; Graetz-Michaels / Acemoglu-Restrepo treatment of IFR's
--               unspecified robots) -- default
--   same_year   its share of the allocated robots of the same year (none when nothing is allocated)
--   none        unspecified robots are dropped
-- Shares are computed per measure (stock from stocks, installations from installations).
{%- set method = var('rdv_unspecified_allocation') %}
{%- if method not in ['mean_share', 'same_year', 'none'] %}
{{ exceptions.raise_compiler_error("var rdv_unspecified_allocation must be mean_share | same_year | none, got " ~ method) }}
{%- endif %}
{%- set window = var('rdv_unspecified_share_years') %}
with ifr as (
    select industry_code as ifr_code, year,
           coalesce(installations, 0) as installations, coalesce(operational_stock, 0) as stock
    from {{ ref('stg_ifr__robots') }}
    where country = '{{ var('rdv_ifr_country') }}'
),

leaves as (
    select i.ifr_code, i.is_manufacturing
    from {{ ref('ifr_industries') }} i
    where i.ifr_code <> '99'
      and not exists (select 1 from {{ ref('ifr_industries') }} c where c.parent_code = i.ifr_code)
),

leaf as (
    select f.* from ifr f join leaves l on f.ifr_code = l.ifr_code
),

unspecified as (
    select year, stock as stock_99, installations as installations_99 from ifr where ifr_code = '99'
),

totals as (
    select year, sum(stock) as stock_allocated, sum(installations) as installations_allocated
    from leaf group by year
),

yearly as (
    select l.ifr_code, l.year,
           l.stock / nullif(t.stock_allocated, 0) as stock_share,
           l.installations / nullif(t.installations_allocated, 0) as installations_share
    from leaf l join totals t on l.year = t.year
),

window_share as (
    select ifr_code, avg(stock_share) as stock_share, avg(installations_share) as installations_share,
           count(*) as n_share_years
    from yearly
    where year between {{ window[0] }} and {{ window[1] }}
    group by ifr_code
),

shares as (
    select y.ifr_code, y.year,
        {%- if method == 'mean_share' %}
           w.stock_share, w.installations_share
        {%- elif method == 'same_year' %}
           coalesce(y.stock_share, 0) as stock_share, coalesce(y.installations_share, 0) as installations_share
        {%- else %}
           0.0 as stock_share, 0.0 as installations_share
        {%- endif %}
    from yearly y
    left join window_share w on y.ifr_code = w.ifr_code
)

select
    l.ifr_code, l.year, lv.is_manufacturing,
    l.installations as installations_reported,
    coalesce(u.installations_99, 0) * s.installations_share as installations_unspecified_allocated,
    l.installations + coalesce(u.installations_99, 0) * s.installations_share as installations_true,
    l.stock as stock_reported,
    coalesce(u.stock_99, 0) * s.stock_share as stock_unspecified_allocated,
    l.stock + coalesce(u.stock_99, 0) * s.stock_share as stock_true,
    s.stock_share as unspecified_stock_share,
    s.installations_share as unspecified_installations_share
from leaf l
join leaves lv on l.ifr_code = lv.ifr_code
join shares s on l.ifr_code = s.ifr_code and l.year = s.year
left join unspecified u on l.year = u.year
