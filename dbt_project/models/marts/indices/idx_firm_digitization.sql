{#- Paper 004's trade-digitisation score of a firm-year (Table 1), from the matched web records
    (int_firm__web_adoption: the adoption year of each channel):
      pit  cross-border platform: alibaba.com or made-in-china.com member (earlier member-since year)
      pdo  domestic platform: 1688.com 诚信通 member
      icp  own homepage: MIIT ICP filing, dated by the earlier of filing and WHOIS creation date
    A channel is on from its adoption year (var tdq_adoption_rule: absorbing; last_listed: only
    up to the last crawl year whose list still carries the firm -- the same with one crawl
    after the sample). dig_tr = 1 + w_pdo pdo + w_icp icp + w_pit pit (var tdq_dig_weights,
    1/2/4: Table 1), lndig = ln dig_tr; lndigs = ln of the longest use of a channel in years
    (t - adoption + 1; var tdq_lndigs_form: plus_one = ln(1 + years), 0 for non-users | log =
    ln(years), NULL for non-users); lndig_l1 = lndig at t - 1 (var tdq_lag_rule: observed =
    only when the firm is in the survey at t - 1, as Stata's L. on the panel | dates = from the
    adoption dates whenever); dig_ivt = the share of trade-digitised firms (dig_tr > 1) among
    the other firms of the province x industry (var tdq_industry_digits CIC digits) x year cell
    (var tdq_ivt_leave_one_out; population var tdq_ivt_population: exporters = matched survey
    exporters that are not intermediaries | survey = every survey firm), dig_ivt_share the
    plain cell share including the firm. One row per firm-year of dim_firm_year in
    var tdq_start_year - 1 .. tdq_end_year. -#}
{%- set rule = tdq_choice('tdq_adoption_rule', ['absorbing', 'last_listed']) %}
{%- set lndigs_form = tdq_choice('tdq_lndigs_form', ['plus_one', 'log']) %}
{%- set lag_rule = tdq_choice('tdq_lag_rule', ['observed', 'dates']) %}
{%- set pop = tdq_choice('tdq_ivt_population', ['exporters', 'survey']) %}
{%- set digits = var('tdq_industry_digits') | int %}
{%- set w = var('tdq_dig_weights') %}
{%- set channels = ['pit', 'pdo', 'icp'] %}
with adoption as (
    select firm_id,
        {%- for ch in channels %}
        min(case when channel = '{{ ch }}' then adoption_year end) as {{ ch }}_year{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_firm__web_adoption') }}
    group by firm_id
),

last_listed as (
    select firm_id,
        max(case when channel = 'pit' then crawl_year end) as pit_last,
        max(case when channel = 'pdo' then crawl_year end) as pdo_last,
        max(case when channel = 'icp' then crawl_year end) as icp_last
    from (
        select firm_id, 'pit' as channel, crawl_year
        from {{ ref('int_firm__assn_web_alibaba') }}
        where link_status = 'linked'
        union all
        select firm_id, 'pit', crawl_year
        from {{ ref('int_firm__assn_web_made_in_china') }}
        where link_status = 'linked'
        union all
        select firm_id, 'pdo', crawl_year from {{ ref('int_firm__assn_web_1688') }} where link_status = 'linked'
        union all
        select firm_id, 'icp', crawl_year from {{ ref('int_firm__assn_web_icp') }} where link_status = 'linked'
    ) l
    group by firm_id
),

base as (
    select
        y.firm_id, y.year, y.in_survey, y.province_code,
        left(y.cic_adj, {{ digits }}) as industry,
        y.in_survey and y.export_value_usd > 0 and not {{ tdq_is_intermediary('f') }} as in_ivt_population_exporters,
        a.pit_year, a.pdo_year, a.icp_year, l.pit_last, l.pdo_last, l.icp_last
    from {{ ref('dim_firm_year') }} y
    join {{ ref('dim_firm') }} f on y.firm_id = f.firm_id
    left join adoption a on y.firm_id = a.firm_id
    left join last_listed l on y.firm_id = l.firm_id
    where y.year between {{ var('tdq_start_year') }} - 1 and {{ var('tdq_end_year') }}
),

status as (
    select
        b.*,
        {%- for ch in channels %}
        case when b.{{ ch }}_year is not null and b.year >= b.{{ ch }}_year
                  {%- if rule == 'last_listed' %} and b.year <= coalesce(b.{{ ch }}_last, b.year){% endif %}
             then 1 else 0 end as {{ ch }},
        case when b.{{ ch }}_year is not null and b.year - 1 >= b.{{ ch }}_year
                  {%- if rule == 'last_listed' %} and b.year - 1 <= coalesce(b.{{ ch }}_last, b.year - 1){% endif %}
             then 1 else 0 end as {{ ch }}_prev,
        {%- endfor %}
        greatest(
            {%- for ch in channels %}
            case when b.{{ ch }}_year is not null and b.year >= b.{{ ch }}_year
                 {%- if rule == 'last_listed' %} and b.year <= coalesce(b.{{ ch }}_last, b.year){% endif %}
                 then b.year - b.{{ ch }}_year + 1 else 0 end{{ ',' if not loop.last }}
            {%- endfor %}) as years_of_use
    from base b
),

scored as (
    select
        s.*,
        1 + {{ w['pdo'] }} * s.pdo + {{ w['icp'] }} * s.icp + {{ w['pit'] }} * s.pit as dig_tr,
        1 + {{ w['pdo'] }} * s.pdo_prev + {{ w['icp'] }} * s.icp_prev + {{ w['pit'] }} * s.pit_prev as dig_tr_prev,
        {%- if pop == 'exporters' %}
        s.in_ivt_population_exporters as in_ivt_population
        {%- else %}
        s.in_survey as in_ivt_population
        {%- endif %}
    from status s
),

cells as (
    select province_code, industry, year,
           count(*) as n_cell, sum(case when dig_tr > 1 then 1 else 0 end) as n_digitised
    from scored
    where in_ivt_population and province_code is not null and industry is not null
    group by province_code, industry, year
)

select
    s.firm_id, s.year,
    s.pit_year, s.pdo_year, s.icp_year,
    s.pit, s.pdo, s.icp, s.dig_tr, ln(s.dig_tr) as lndig,
    s.years_of_use,
    {%- if lndigs_form == 'plus_one' %}
    ln(1 + s.years_of_use) as lndigs,
    {%- else %}
    case when s.years_of_use > 0 then ln(s.years_of_use) end as lndigs,
    {%- endif %}
    {%- if lag_rule == 'observed' %}
    case when p.in_survey then ln(s.dig_tr_prev) end as lndig_l1,
    {%- else %}
    ln(s.dig_tr_prev) as lndig_l1,
    {%- endif %}
    s.province_code, s.industry, s.in_ivt_population,
    c.n_cell as ivt_cell_firms,
    cast(c.n_digitised as double) / c.n_cell as dig_ivt_share,
    {%- if var('tdq_ivt_leave_one_out') %}
    case when s.in_ivt_population
         then (c.n_digitised - case when s.dig_tr > 1 then 1 else 0 end) / nullif(cast(c.n_cell - 1 as double), 0)
         else cast(c.n_digitised as double) / c.n_cell end as dig_ivt
    {%- else %}
    cast(c.n_digitised as double) / c.n_cell as dig_ivt
    {%- endif %}
from scored s
left join scored p on s.firm_id = p.firm_id and p.year = s.year - 1
left join cells c on s.province_code = c.province_code and s.industry = c.industry and s.year = c.year
order by s.firm_id, s.year
