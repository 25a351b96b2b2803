-- World Bank income group by economy and calendar year of data: L, LM, UM, H
-- ('LM*' -> LM; '..' = not classified, dropped).
-- The marker column joins the unpivot so that it is never empty (a file without year columns,
-- or no file at all, gives no rows instead of an error); it is filtered out again.
with cells as (
    select * from (unpivot (
        select s.country_code, r.* exclude (r.column_2, r._source_file, r._source_row)
        from {{ ref('stg_wdi__income_history') }} s
        join {{ source('landing', 'wdi_income_history') }} r
          on s.source_file = r._source_file and s.source_row = r._source_row
    ) on columns('^[0-9]{4}$|^Data for calendar year$') into name year_txt value code_txt)
    where year_txt <> 'Data for calendar year'
)
select country_code, cast(year_txt as integer) as year,
       replace(upper(trim(code_txt)), '*', '') as income_code
from cells
where upper(trim(code_txt)) in ('L', 'LM', 'LM*', 'UM', 'H')
