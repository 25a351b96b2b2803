{{ config(pre_hook="{{ firm_memory_limit() }}", post_hook="{{ firm_memory_reset() }}") }}
-- How every unit of every link type ended, by year: one row per link type x year x outcome,
-- the outcome being the rule that linked the unit, or ambiguous (several candidates, nothing
-- picked), or why it stayed unlinked. Shares are of the link type-year's units (and, for
-- customs, of its export value), so the outcomes of a link type-year add up to 1: nothing is
-- lost. Units:
--   survey_years        survey records of the year, by the rule of their link to a LATER record
--                       (the last survey year has none)
--   customs_survey      customs firms (enterprise code) trading in the year, by their link to a
--                       survey record of that year; export_value_usd = the code-year's exports
--   customs_firm        customs codes, by how they got their firm (year = first trading year)
--   patent_applicant    applicants by application year (outcomes: rule, ambiguous, or the
--                       applicant class: university, research_institute, individual,
--                       firm_unmatched, other)
--   web_1688, web_icp, web_alibaba, web_made_in_china   list rows by crawl year
--   registry_firm, trade_operator_firm                  registry rows (year NULL / filing year)
with survey_fwd as (
    select from_record_id, match_rule from {{ ref('int_firm__assn_survey_years') }}
),
survey_amb as (
    select distinct left_id from {{ ref('int_firm__survey_link_decisions') }} where decision = 'ambiguous'
),
code_years as (
    select firm_code, year, sum(export_value_usd) as export_value_usd
    from {{ ref('int_customs__firm_names') }} group by firm_code, year
),
cs_amb as (
    select distinct firm_code, year from {{ ref('int_firm__customs_survey_decisions') }} where decision = 'ambiguous'
),
registry_amb as (
    select distinct enterprise_key from {{ ref('int_firm__assn_registry_firm') }} where decision = 'ambiguous'
),
trade_operator_amb as (
    select distinct filing_number from {{ ref('int_firm__assn_trade_operator_firm') }} where decision = 'ambiguous'
),

units as (
    select 'survey_years' as link_type, r.year,
           coalesce(f.match_rule, case when a.left_id is not null then 'ambiguous' end, 'unlinked') as outcome,
           cast(null as double) as export_value_usd
    from {{ ref('int_firm__survey_records') }} r
    left join survey_fwd f on r.survey_record_id = f.from_record_id
    left join survey_amb a on r.survey_record_id = a.left_id

    union all
    select 'customs_survey', c.year,
           coalesce(l.match_rule, case when a.firm_code is not null then 'ambiguous' end, 'unlinked'),
           c.export_value_usd
    from code_years c
    left join {{ ref('int_firm__assn_customs_survey') }} l on c.firm_code = l.firm_code and c.year = l.year
    left join cs_amb a on c.firm_code = a.firm_code and c.year = a.year

    union all
    select 'customs_firm', c.first_year,
           case when f.assignment = 'customs_only' and f.n_survey_firms > 1 then 'ambiguous' else f.assignment end,
           c.export_value_usd
    from {{ ref('int_firm__customs_firm_ids') }} f
    join {{ ref('int_customs__firms') }} c using (firm_code)

    union all
    select 'patent_applicant', application_year,
           case when link_status = 'linked' then match_rule
                when link_status = 'ambiguous' then 'ambiguous' else applicant_class end,
           cast(null as double)
    from {{ ref('int_firm__assn_patent_applicant') }}

    {%- for lt, model in [('web_1688', 'int_firm__assn_web_1688'), ('web_icp', 'int_firm__assn_web_icp'),
                          ('web_alibaba', 'int_firm__assn_web_alibaba'),
                          ('web_made_in_china', 'int_firm__assn_web_made_in_china')] %}
    union all
    select '{{ lt }}', crawl_year, case when link_status = 'linked' then match_rule else link_status end,
           cast(null as double)
    from {{ ref(model) }}
    {%- endfor %}

    union all
    select 'registry_firm', cast(null as integer),
           coalesce(l.match_rule, case when a.enterprise_key is not null then 'ambiguous' end, 'unlinked'),
           cast(null as double)
    from (select distinct enterprise_key from {{ ref('int_firm__registry_names') }}) e
    left join {{ ref('int_firm__assn_registry_firm') }} l
        on e.enterprise_key = l.enterprise_key and l.decision = 'linked'
    left join registry_amb a on e.enterprise_key = a.enterprise_key

    union all
    select 'trade_operator_firm', cast(extract(year from o.filing_date) as integer),
           coalesce(l.match_rule, case when a.filing_number is not null then 'ambiguous' end, 'unlinked'),
           cast(null as double)
    from {{ ref('stg_registry__trade_operators') }} o
    left join {{ ref('int_firm__assn_trade_operator_firm') }} l
        on o.filing_number = l.filing_number and l.decision = 'linked'
    left join trade_operator_amb a on o.filing_number = a.filing_number
),

agg as (
    select link_type, year, outcome, count(*) as n_units, sum(export_value_usd) as export_value_usd
    from units group by link_type, year, outcome
)

select
    link_type, year, outcome,
    outcome not in ('ambiguous', 'unlinked', 'unmatched', 'non_firm', 'customs_only', 'university',
                    'research_institute', 'individual', 'firm_unmatched', 'other') as is_linked,
    n_units,
    cast(n_units as double) / sum(n_units) over (partition by link_type, year) as share_of_units,
    export_value_usd,
    export_value_usd / nullif(sum(export_value_usd) over (partition by link_type, year), 0) as share_of_export_value
from agg
