-- Patent applications of the matched firms by firm x application year, by type (papers 002 and
-- 004), with paper 002's digital-innovation measures and co-applicant network position. Each
-- co-applicant firm counts the full application (A4). A firm-year without a row has no
-- application (zero counts, NULL network measures). Grants of digital inventions are dated by
-- application year (var dpq_grant_dating: application) or by the year of the grant publication
-- (grant).
with apps as (
    select * from {{ ref('int_patents__firm_applications') }}
),

by_application as (
    select firm_id, application_year as year,
        count(*) as n_patent_applications,
        count(*) filter (where patent_type = 'invention') as n_invention_applications,
        count(*) filter (where patent_type = 'utility_model') as n_utility_applications,
        count(*) filter (where patent_type = 'design') as n_design_applications,
        count(*) filter (where is_granted) as n_granted_applications,
        count(*) filter (where is_coapplied) as n_coapplied_applications,
        count(*) filter (where is_digital_invention) as n_digital_invention_applications,
        count(*) filter (where is_digital_invention and is_coapplied) as n_digital_invention_coapplied,
        count(*) filter (where is_digital_invention and not is_coapplied) as n_digital_invention_independent,
        avg(ipc_breadth) filter (where is_digital_invention) as digital_breadth_mean
    from apps
    group by firm_id, application_year
),

grants as (
    select firm_id,
        {% if var('dpq_grant_dating') == 'grant' %}grant_year{% else %}application_year{% endif %} as year,
        count(*) as n_digital_invention_granted
    from apps
    where is_digital_invention and is_granted
    group by firm_id, {% if var('dpq_grant_dating') == 'grant' %}grant_year{% else %}application_year{% endif %}
),

network as (
    select node as firm_id, year, degree, degree_centrality, "constraint" as burt_constraint, structural_holes
    from {{ ref('int_patents__network_measures') }}
    where node_kind = 'firm'
),

keys as (
    select firm_id, year from by_application
    union
    select firm_id, year from grants where year is not null
    union
    select firm_id, year from network
)

select
    k.firm_id, k.year,
    coalesce(a.n_patent_applications, 0) as n_patent_applications,
    coalesce(a.n_invention_applications, 0) as n_invention_applications,
    coalesce(a.n_utility_applications, 0) as n_utility_applications,
    coalesce(a.n_design_applications, 0) as n_design_applications,
    coalesce(a.n_granted_applications, 0) as n_granted_applications,
    coalesce(a.n_coapplied_applications, 0) as n_coapplied_applications,
    coalesce(a.n_digital_invention_applications, 0) as n_digital_invention_applications,
    coalesce(g.n_digital_invention_granted, 0) as n_digital_invention_granted,
    coalesce(a.n_digital_invention_coapplied, 0) as n_digital_invention_coapplied,
    coalesce(a.n_digital_invention_independent, 0) as n_digital_invention_independent,
    a.digital_breadth_mean,
    ln(1 + coalesce(a.n_patent_applications, 0)) as lninn,
    ln(1 + coalesce(a.n_digital_invention_applications, 0)) as digtech,
    case when g.n_digital_invention_granted > 0 then ln(g.n_digital_invention_granted) end as digtech_a,
    ln(1 + coalesce(a.n_digital_invention_coapplied, 0)) as digtech_co,
    ln(1 + coalesce(a.n_digital_invention_independent, 0)) as digtech_in,
    n.firm_id is not null as in_network,
    n.degree, n.degree_centrality, n.burt_constraint, n.structural_holes
from keys k
left join by_application a on k.firm_id = a.firm_id and k.year = a.year
left join grants g on k.firm_id = g.firm_id and k.year = g.year
left join network n on k.firm_id = n.firm_id and k.year = n.year
