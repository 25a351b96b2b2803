-- Input-output flows aggregated to paper 001's industries (var rdv_industry_groups), one row
-- per table year x supplying industry x using industry, 万元, with the using industry's total
-- intermediate inputs (TII, from every sector, services included) and the supplying
-- industry's total intermediate use (TIU, by every sector).
-- Sector -> industry: a sector's CIC 2002 divisions (seed io_sectors, classification var
-- io_classification) and the industries of the survey firms in them; a sector spanning several
-- industries is split by their survey gross output (var rdv_io_split: output_share) or equally
-- (equal), from the survey year nearest the table year among the years printed in GB/T
-- 4754-2002 codes. Sectors without a manufacturing industry (agriculture, mining, utilities,
-- services) only enter TII and TIU.
{%- set split = var('rdv_io_split') %}
{%- if split not in ['output_share', 'equal'] %}
{{ exceptions.raise_compiler_error("var rdv_io_split must be output_share | equal, got " ~ split) }}
{%- endif %}
with tables as (
    select distinct table_year from {{ ref('stg_io__table_rows') }}
),

survey_years as (
    select distinct year from {{ ref('stg_asif__firms') }} where cic_version = 'GB/T 4754-2002'
),

split_year as (
    select t.table_year, s.year as survey_year,
           row_number() over (partition by t.table_year order by abs(s.year - t.table_year), s.year) as rk
    from tables t cross join survey_years s
),

sector_cic as (
    select sector_code, cic2 from {{ ref('io_sectors') }}
    where classification = '{{ var('io_classification') }}' and cic2 is not null
),

output as (
    select y.table_year, sc.sector_code, m.industry, sum(s.gross_output_k_rmb) as gross_output_k_rmb
    from split_year y
    join {{ ref('stg_asif__firms') }} s on y.survey_year = s.year and y.rk = 1
    join {{ ref('int_robot__cic_ifr') }} m on m.cic_vintage = '2002' and s.cic_code = m.cic_code
    join sector_cic sc on m.cic2 = sc.cic2
    where m.industry is not null and s.gross_output_k_rmb > 0
    group by y.table_year, sc.sector_code, m.industry
),

shares as (
    select table_year, sector_code, industry,
        {%- if split == 'output_share' %}
           gross_output_k_rmb / sum(gross_output_k_rmb) over (partition by table_year, sector_code) as share
        {%- else %}
           1.0 / count(*) over (partition by table_year, sector_code) as share
        {%- endif %}
    from output
),

z as (
    select table_year, row_code as from_sector, column_code as to_sector, value_10k_yuan as flow
    from {{ ref('stg_io__flows') }}
    where row_kind = 'sector'
      and column_code in (
          select s.sector_code from {{ ref('io_sectors') }} s
          where s.classification = '{{ var('io_classification') }}'
      )
),

pairs as (
    select z.table_year, a.industry as from_industry, b.industry as to_industry,
           sum(a.share * z.flow * b.share) as flow_10k_yuan
    from z
    join shares a on z.table_year = a.table_year and z.from_sector = a.sector_code
    join shares b on z.table_year = b.table_year and z.to_sector = b.sector_code
    group by z.table_year, a.industry, b.industry
),

inputs as (   -- TII of a using industry: its sectors' column totals over every supplying sector
    select z.table_year, b.industry, sum(z.flow * b.share) as total_inputs_10k_yuan
    from z join shares b on z.table_year = b.table_year and z.to_sector = b.sector_code
    group by z.table_year, b.industry
),

uses as (     -- TIU of a supplying industry: its sectors' row totals over every using sector
    select z.table_year, a.industry, sum(a.share * z.flow) as total_use_10k_yuan
    from z join shares a on z.table_year = a.table_year and z.from_sector = a.sector_code
    group by z.table_year, a.industry
)

select
    p.table_year, p.from_industry, p.to_industry, p.flow_10k_yuan,
    i.total_inputs_10k_yuan as to_total_inputs_10k_yuan,
    u.total_use_10k_yuan as from_total_use_10k_yuan
from pairs p
join inputs i on p.table_year = i.table_year and p.to_industry = i.industry
join uses u on p.table_year = u.table_year and p.from_industry = u.industry
