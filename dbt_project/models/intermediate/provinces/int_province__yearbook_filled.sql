-- Every yearbook series (province x indicator printed at least once) on the full year grid
-- pdt_data_start_year..pdt_end_year, with gaps filled by linear interpolation as paper 003 says
-- ("线性插值法填补了缺失值"), recorded per cell in fill_method:
--   observed | interpolated (between the nearest published years before and after)
--   extrapolated_linear (before the first / after the last published year, on the line through
--   the two nearest published years, floored at 0 because every series is non-negative)
--   extrapolated_nearest (var pdt_fill_endpoints = nearest, or only one published year)
--   unfilled (pdt_fill_endpoints = none, or nothing published).
{%- set rule = var('pdt_fill_endpoints') %}
{%- if rule not in ['linear', 'nearest', 'none'] %}
    {{ exceptions.raise_compiler_error("var pdt_fill_endpoints must be linear, nearest or none, got " ~ rule) }}
{%- endif %}
with obs as (
    select province_code, indicator_code, year, value
    from {{ ref('stg_provinces__yearbook') }}
    where value is not null and year between {{ var('pdt_data_start_year') }} and {{ var('pdt_end_year') }}
),

series as (
    select distinct province_code, indicator_code from {{ ref('stg_provinces__yearbook') }}
),

grid as (
    select s.province_code, s.indicator_code, y.year, o.value
    from series s
    cross join range({{ var('pdt_data_start_year') }}, {{ var('pdt_end_year') }} + 1) y (year)
    left join obs o using (province_code, indicator_code, year)
),

neighbours as (
    select *,
        max(case when value is not null then year end) over (
            partition by province_code, indicator_code order by year
            rows between unbounded preceding and current row) as prev_year,
        min(case when value is not null then year end) over (
            partition by province_code, indicator_code order by year
            rows between current row and unbounded following) as next_year
    from grid
),

ranked as (
    select *,
        row_number() over (partition by province_code, indicator_code order by year) as r_first,
        row_number() over (partition by province_code, indicator_code order by year desc) as r_last
    from obs
),

ends as (   -- the two first and the two last published points of each series
    select province_code, indicator_code,
        max(year) filter (where r_first = 1) as y1, max(value) filter (where r_first = 1) as v1,
        max(year) filter (where r_first = 2) as y2, max(value) filter (where r_first = 2) as v2,
        max(year) filter (where r_last = 1) as yn, max(value) filter (where r_last = 1) as vn,
        max(year) filter (where r_last = 2) as ym, max(value) filter (where r_last = 2) as vm
    from ranked group by all
),

filled as (
    select
        n.province_code, n.indicator_code, n.year, n.value as value_observed,
        case
            when n.value is not null then 'observed'
            when n.prev_year is not null and n.next_year is not null then 'interpolated'
            {%- if rule == 'linear' %}
            when n.prev_year is null and e.y2 is not null then 'extrapolated_linear'
            when n.next_year is null and e.ym is not null then 'extrapolated_linear'
            {%- endif %}
            {%- if rule in ['linear', 'nearest'] %}
            when e.y1 is not null then 'extrapolated_nearest'
            {%- endif %}
            else 'unfilled'
        end as fill_method,
        n.prev_year, n.next_year, p.value as prev_value, q.value as next_value,
        e.y1, e.v1, e.y2, e.v2, e.yn, e.vn, e.ym, e.vm
    from neighbours n
    left join obs p
        on n.province_code = p.province_code and n.indicator_code = p.indicator_code and n.prev_year = p.year
    left join obs q
        on n.province_code = q.province_code and n.indicator_code = q.indicator_code and n.next_year = q.year
    left join ends e on n.province_code = e.province_code and n.indicator_code = e.indicator_code
)

select
    province_code, indicator_code, year,
    case fill_method
        when 'observed' then value_observed
        when 'interpolated' then prev_value + (year - prev_year) * (next_value - prev_value) / (next_year - prev_year)
        when 'extrapolated_linear' then greatest(0.0, case
            when prev_year is null then v1 + (year - y1) * (v2 - v1) / (y2 - y1)
            else vn + (year - yn) * (vn - vm) / (yn - ym) end)
        when 'extrapolated_nearest' then case when prev_year is null then v1 else vn end
    end as value,
    value_observed, fill_method,
    case fill_method
        when 'interpolated' then [prev_year, next_year]
        when 'extrapolated_linear' then case when prev_year is null then [y1, y2] else [ym, yn] end
        when 'extrapolated_nearest' then case when prev_year is null then [y1] else [yn] end
    end as filled_from_years
from filled
