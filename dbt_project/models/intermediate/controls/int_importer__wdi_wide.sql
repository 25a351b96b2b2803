-- WDI indicators used by paper 000, one row per economy x year.
select
    country_code as importer, year,
    max(value) filter (where indicator_code = 'NY.GDP.MKTP.CD') as gdp_usd,
    max(value) filter (where indicator_code = 'NY.GDP.PCAP.CD') as gdp_pc_usd,
    max(value) filter (where indicator_code = 'NY.GDP.DEFL.ZS') as gdp_deflator,
    max(value) filter (where indicator_code = 'PA.NUS.FCRF') as lcu_per_usd,
    max(value) filter (where indicator_code = 'NE.EXP.GNFS.CD') as exports_usd,
    max(value) filter (where indicator_code = 'NE.IMP.GNFS.CD') as imports_usd,
    max(value) filter (where indicator_code = 'IT.NET.USER.ZS') as internet_pct
from {{ ref('stg_wdi__values') }}
group by 1, 2
