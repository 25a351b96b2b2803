-- The rows of paper 001's panel (firm x year): surveyed manufacturing firms that export
-- directly, pass the cleaning filters and are not trade intermediaries, years
-- var rdv_start_year..rdv_end_year minus rdv_drop_years; DVAR and its alternatives
-- (idx_firm_dvar), Robot and its alternatives (idx_firm_robot), the controls (Age, Finance,
-- FinConstraints, CapIntensity, HHI), mechanisms (Profitability, Innovation), linkages (For,
-- Back; idx_industry_linkage), the gap to the year's frontier (Table 8), groups (region, SOE,
-- factor intensity), type dummies and the crisis dummy. panel_robots_dvar adds the industry
-- Theil index (idx_dvar_dispersion), winsorised copies and industry-year means.
{%- set drop_years = var('rdv_drop_years') %}
{%- set hhi_level = var('rdv_hhi_level') %}
{%- set soe_rule = var('rdv_soe_rule') %}
{%- set innovation = var('rdv_innovation') %}
{%- set gap_scope = var('rdv_gap_scope') %}
{%- set region_split = var('rdv_region_split') %}
{%- set checks = {'rdv_hhi_level': (hhi_level, ['industry', 'cic2', 'cic4']),
                  'rdv_soe_rule': (soe_rule, ['registration', 'state_capital', 'either']),
                  'rdv_innovation': (innovation, ['ln1p', 'level', 'intensity']),
                  'rdv_gap_scope': (gap_scope, ['year', 'industry_year']),
                  'rdv_region_split': (region_split, ['three_belt_1986', 'nbs_2000']),
                  'rdv_hhi_universe': (var('rdv_hhi_universe'), ['clean', 'all'])} %}
{%- for name, (value, allowed) in checks.items() %}{% if value not in allowed %}
{{ exceptions.raise_compiler_error("var " ~ name ~ " must be one of " ~ allowed ~ ", got " ~ value) }}
{%- endif %}{% endfor %}
{%- set hhi_col = {'industry': 'industry', 'cic2': 'cic2', 'cic4': 'cic_adj'}[hhi_level] %}
{%- set controls = ['age', 'finance', 'fin_constraints', 'cap_intensity', 'hhi'] %}
with accounts as (
    select a.*, r.industry, r.ifr_code
    from {{ ref('int_dvar__firm_accounts') }} a
    join {{ ref('int_robot__cic_ifr') }} r on r.cic_vintage = '2002' and a.cic_adj = r.cic_code
    where r.industry is not null
),

hhi as (   -- Herfindahl of total assets within the industry level of var rdv_hhi_level
    select hhi_group, year, sum(share * share) as hhi
    from (
        select year,
               {{ hhi_col }} as hhi_group,
               total_assets_k_rmb / sum(total_assets_k_rmb) over (partition by year, {{ hhi_col }}) as share
        from accounts
        where total_assets_k_rmb > 0 {%- if var('rdv_hhi_universe') == 'clean' %} and passes_filters {%- endif %}
    ) s
    group by hhi_group, year
),

firm_years as (
    select
        a.firm_id, a.year, a.industry, a.ifr_code, a.cic2, a.cic_adj, a.province_code,
        d.exporter_type, d.is_importer,
        d.dvar, d.dvar_alt, d.dvar_uwz, d.dvar_unbounded, d.dvar_alt_unbounded, d.dvar_bound_status,
        d.x_usd, d.x_ordinary_usd, d.x_processing_usd, d.d_usd,
        d.m_processing_actual_usd, d.m_ordinary_actual_usd, d.m_o_am_usd, d.m_t_usd, d.nfa_usd,
        d.is_intermediate_input_imputed, d.is_nfa_imputed,
        r.robot, r.robot_alt, r.robot_iv, r.robot_exposure, r.robot_exposure_iv, r.robot_weight, r.industry_pr,
        case when a.founding_year is not null and a.year - a.founding_year + 1 > 0 then
            {%- if var('rdv_age_log') %} ln(a.year - a.founding_year + 1) {%- else %} a.year - a.founding_year + 1 {%- endif %}
        end as age,
        a.total_liabilities_k_rmb / nullif(a.total_assets_k_rmb, 0) as finance,
        a.total_liabilities_k_rmb / nullif(a.nfa_k_rmb, 0) as fin_constraints,
        case when a.nfa_k_rmb > 0 and a.employment > 0 then
            {%- if var('rdv_cap_intensity_log') %} ln(a.nfa_k_rmb / a.employment) {%- else %} a.nfa_k_rmb / a.employment {%- endif %}
        end as cap_intensity,
        h.hhi,
        a.total_profit_k_rmb / nullif(a.main_business_cost_k_rmb, 0) as profitability,
        {%- if innovation == 'ln1p' %}
        case when a.rd_expense_k_rmb >= 0 then ln(1 + a.rd_expense_k_rmb) end as innovation,
        {%- elif innovation == 'level' %}
        a.rd_expense_k_rmb as innovation,
        {%- else %}
        a.rd_expense_k_rmb / nullif(a.sales_k_rmb, 0) as innovation,
        {%- endif %}
        l.for_link, l.back_link,
        {%- if soe_rule == 'registration' %}
        coalesce(a.ownership = 'soe', false) as is_soe,
        {%- elif soe_rule == 'state_capital' %}
        coalesce(a.state_capital_k_rmb >= 0.5 * a.paid_in_capital_k_rmb and a.paid_in_capital_k_rmb > 0, false) as is_soe,
        {%- else %}
        coalesce(a.ownership = 'soe', false)
            or coalesce(a.state_capital_k_rmb >= 0.5 * a.paid_in_capital_k_rmb and a.paid_in_capital_k_rmb > 0, false) as is_soe,
        {%- endif %}
        fi.factor_intensity,
        {%- if region_split == 'three_belt_1986' %}
        pr.region_3belt as region
        {%- else %}
        pr.region_nbs as region
        {%- endif %}
    from accounts a
    join {{ ref('idx_firm_dvar') }} d on a.firm_id = d.firm_id and a.year = d.year
    left join {{ ref('idx_firm_robot') }} r on a.firm_id = r.firm_id and a.year = r.year
    left join hhi h on a.year = h.year and a.{{ hhi_col }} = h.hhi_group
    left join {{ ref('idx_industry_linkage') }} l on a.industry = l.industry and a.year = l.year
    left join {{ ref('cic2002_factor_intensity') }} fi on a.cic2 = fi.cic2
    left join {{ ref('dim_province') }} pr on a.province_code = pr.province_code
    where a.passes_filters
      and a.year between {{ var('rdv_start_year') }} and {{ var('rdv_end_year') }}
      {%- if drop_years | length > 0 %}
      and a.year not in ({{ drop_years | join(', ') }})
      {%- endif %}
      and not exists (select 1 from {{ ref('dim_firm') }} f where f.firm_id = a.firm_id and f.is_intermediary)
),

flagged as (
    select
        r.*,
        (
            {%- for c in controls %}
            r.{{ c }} is not null{{ ' and' if not loop.last }}
            {%- endfor %}
        ) as has_controls,
        {%- if gap_scope == 'year' %}
        max(r.dvar) over (partition by r.year) - r.dvar as gap,
        max(r.dvar_uwz) over (partition by r.year) - r.dvar_uwz as gap_uwz,
        {%- else %}
        max(r.dvar) over (partition by r.industry, r.year) - r.dvar as gap,
        max(r.dvar_uwz) over (partition by r.industry, r.year) - r.dvar_uwz as gap_uwz,
        {%- endif %}
        case when r.exporter_type = 'pure_processing' then 1 else 0 end as processing,
        case when r.exporter_type = 'mixed' then 1 else 0 end as mixed,
        case when r.year in ({{ var('rdv_crisis_years') | join(', ') }}) then 1 else 0 end as crisis
    from firm_years r
)

select * from flagged
