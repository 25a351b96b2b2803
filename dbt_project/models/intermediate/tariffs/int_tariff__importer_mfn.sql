{#- MFN applied tariff by importer (ISO3) x HS96 product x year, percent.
    Several native lines reaching one HS96 code are aggregated by var apq_tariff_aggregation
    (default mean, the simple average); the EU reporter EUN is expanded to the member states of
    each year (seed eu_members). A member's own schedule, if any, wins over the EU's. -#}
{%- set agg = {'mean': 'avg', 'min': 'min', 'max': 'max'}[var('apq_tariff_aggregation')] -%}
with by_reporter as (
    select reporter, year, hs6, {{ agg }}(duty_pct) as mfn_pct, count(*) as n_lines
    from {{ ref('int_tariff__lines_hs96') }}
    group by 1, 2, 3
),
national as (
    select reporter as importer, year, hs6, mfn_pct, n_lines, 'national' as schedule
    from by_reporter where reporter <> 'EUN'
),
eu as (
    select m.iso3 as importer, r.year, r.hs6, r.mfn_pct, r.n_lines, 'EUN' as schedule
    from by_reporter r
    join {{ ref('eu_members') }} m
      on r.reporter = 'EUN' and r.year between m.first_year and coalesce(m.last_year, 9999)
)
select * from national
union all
select * from eu
where not exists (select 1 from national n where n.importer = eu.importer and n.year = eu.year)
