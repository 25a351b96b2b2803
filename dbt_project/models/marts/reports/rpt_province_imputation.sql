-- How the yearbook gaps were filled: per indicator and fill method, the number of cells of the
-- study provinces in the study window (observed, interpolated, extrapolated, unfilled), and the
-- years affected. Cell by cell: intermediate.int_province__yearbook_filled.
select
    f.indicator_code, i.role, i.paper_name_cn, i.sort_order, f.fill_method,
    count(*) as n_cells, min(f.year) as first_year, max(f.year) as last_year,
    count(distinct f.province_code) as n_provinces
from {{ ref('int_province__yearbook_filled') }} f
join {{ ref('int_province__study_provinces') }} using (province_code)
join {{ ref('yearbook_indicators') }} i using (indicator_code)
where f.year between {{ var('pdt_data_start_year') }} and {{ var('pdt_end_year') }}
group by all
order by i.sort_order, f.fill_method
