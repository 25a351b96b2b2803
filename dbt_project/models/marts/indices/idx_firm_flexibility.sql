{#- Paper 004's flexible productivity of a firm-year, from its customs export records:
      flex   = (sd / mean of the record values) x ln(number of records)            (§3.3)
    record = var tdq_flex_record: line (a customs line: firm x month x HS8 x destination x trade
    mode x transport, the records as delivered) | month_product_destination (lines of a month,
    HS8 and destination summed) | month (monthly totals); export scale = var tdq_flex_measure:
    value (USD) | quantity; sd = var tdq_flex_sd: population | sample. One record gives
    ln 1 = 0, so flex = 0 whatever the dispersion. Re-imports are not exports.
      lncnpd = ln of the cumulative number of new destination x product pairs since the base
    year var tdq_data_start_year (2000): a pair is new in year s when the firm exports it in s
    and never did before (from the base year on); product = var tdq_cnpd_product: hs6_base
    (HS1996-harmonised, no spurious novelty at HS revisions) | hs8 (native codes); a firm first
    seen after the base year counts its first year's pairs as new (var tdq_cnpd_entrants: new)
    or as its base (base); var tdq_cnpd_log: plus_one = ln(1 + n) | plain = ln n (NULL at 0).
    One row per firm (firm_id) x year with direct exports. -#}
{%- set rec = tdq_choice('tdq_flex_record', ['line', 'month_product_destination', 'month']) %}
{%- set measure = tdq_choice('tdq_flex_measure', ['value', 'quantity']) %}
{%- set sd = tdq_choice('tdq_flex_sd', ['population', 'sample']) %}
{%- set cnpd_product = tdq_choice('tdq_cnpd_product', ['hs6_base', 'hs8']) %}
{%- set entrants = tdq_choice('tdq_cnpd_entrants', ['new', 'base']) %}
{%- set cnpd_log = tdq_choice('tdq_cnpd_log', ['plus_one', 'plain']) %}
{%- set x = 'value_usd' if measure == 'value' else 'quantity' %}
with lines as (
    select t.year, t.month, t.hs8, t.country_code, t.{{ x }} as x, c.firm_id
    from {{ ref('stg_customs__transactions') }} t
    join {{ ref('int_firm__customs_firm_ids') }} c on t.firm_code = c.firm_code
    where t.flow = 'export' and not t.is_reimport
      and t.year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
),

records as (
    {%- if rec == 'line' %}
    select firm_id, year, x from lines
    {%- elif rec == 'month_product_destination' %}
    select firm_id, year, sum(x) as x from lines group by firm_id, year, month, hs8, country_code
    {%- else %}
    select firm_id, year, sum(x) as x from lines group by firm_id, year, month
    {%- endif %}
),

flex as (
    select firm_id, year,
           count(x) as n_export_records,
           avg(x) as export_record_mean,
           {{ 'stddev_pop' if sd == 'population' else 'stddev_samp' }}(x) as export_record_sd
    from records
    group by firm_id, year
),

pairs as (
    select distinct firm_id, year, partner_iso3 as destination,
           {{ 'hs6_base' if cnpd_product == 'hs6_base' else 'hs8' }} as product
    from {{ ref('int_customs__flows_annual') }}
    where flow = 'export' and firm_id is not null and partner_iso3 is not null
      and {{ 'hs6_base' if cnpd_product == 'hs6_base' else 'hs8' }} is not null
      and year between {{ var('tdq_data_start_year') }} and {{ var('tdq_end_year') }}
),

first_seen as (
    select firm_id, destination, product, min(year) as first_year
    from pairs group by firm_id, destination, product
),

firm_start as (
    select firm_id, min(year) as first_export_year from pairs group by firm_id
),

new_pairs as (
    select f.firm_id, f.first_year as year, count(*) as n_new_pairs
    from first_seen f
    join firm_start s on f.firm_id = s.firm_id
    where f.first_year > {{ var('tdq_data_start_year') }}
      {%- if entrants == 'base' %}
      and f.first_year > s.first_export_year
      {%- endif %}
    group by f.firm_id, f.first_year
),

cnpd as (
    select p.firm_id, p.year, coalesce(n.n_new_pairs, 0) as n_new_pairs,
           sum(coalesce(n.n_new_pairs, 0)) over (partition by p.firm_id order by p.year
                                                 rows between unbounded preceding and current row) as cum_new_pairs
    from (select distinct firm_id, year from pairs) p
    left join new_pairs n on p.firm_id = n.firm_id and p.year = n.year
)

select
    f.firm_id, f.year, f.n_export_records, f.export_record_mean, f.export_record_sd,
    f.export_record_sd / nullif(f.export_record_mean, 0) as export_record_cv,
    case when f.n_export_records = 1 then 0.0
         else f.export_record_sd / nullif(f.export_record_mean, 0) * ln(f.n_export_records) end as flex,
    c.n_new_pairs, c.cum_new_pairs,
    {%- if cnpd_log == 'plus_one' %}
    ln(1 + c.cum_new_pairs) as lncnpd
    {%- else %}
    case when c.cum_new_pairs > 0 then ln(c.cum_new_pairs) end as lncnpd
    {%- endif %}
from flex f
left join cnpd c on f.firm_id = c.firm_id and f.year = c.year
order by f.firm_id, f.year
