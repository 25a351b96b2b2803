{#- Importer-year controls of paper 000 (Table 2 definitions, units chosen to match its levels):
    deflator rebased to var apq_deflator_base_year = 100 per country (GDP, GDP per capita and
    trade deflated with the importer's own deflator, as the paper states);
    lnpgdp = ln(real GDP per capita / 1000)   lngdp = ln(real GDP / 1000)   (thousand USD)
    open   = (exports + imports) / GDP        (deflating both sides cancels)
    lnexchange = ln(importer LCU per USD / CNY per USD) = ln(importer currency per 1 RMB)
    lninternet = ln(internet users, % of population)  (fits Table 2's moments; the text says users) -#}
with w as (
    select * from {{ ref('int_importer__wdi_wide') }}
),
base as (
    select importer, gdp_deflator as deflator_base
    from w where year = {{ var('apq_deflator_base_year') }} and gdp_deflator > 0
),
cny as (
    select year, lcu_per_usd as cny_per_usd from w where importer = 'CHN'
)
select
    w.importer, w.year,
    w.gdp_deflator / b.deflator_base * 100 as deflator_rebased,
    {{ safe_ln("w.gdp_pc_usd / (w.gdp_deflator / b.deflator_base) / " ~ var('apq_gdp_unit_divisor')) }} as lnpgdp,
    {{ safe_ln("w.gdp_usd / (w.gdp_deflator / b.deflator_base) / " ~ var('apq_gdp_unit_divisor')) }} as lngdp,
    (w.exports_usd + w.imports_usd) / nullif(w.gdp_usd, 0) as open,
    {{ safe_ln('w.lcu_per_usd / c.cny_per_usd') }} as lnexchange,
    {{ safe_ln('w.internet_pct') }} as lninternet
from w
left join base b using (importer)
left join cny c using (year)
where w.importer <> 'CHN'
