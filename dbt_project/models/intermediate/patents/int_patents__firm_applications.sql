-- One row per patent application x applicant firm (matched applicants of
-- int_firm__assn_patent_applicant; each co-applicant firm counts the full application, paper
-- 002 ambiguity A4) with the application's measures (type, digital, grant, co-application,
-- IPC breadth).
select distinct
    l.firm_id, m.application_number, m.application_year, m.grant_year, m.patent_type, m.is_digital,
    m.is_digital_invention, m.is_granted, m.n_applicants, m.is_coapplied, m.n_ipc_main_groups, m.ipc_breadth
from {{ ref('int_firm__assn_patent_applicant') }} l
join {{ ref('int_patents__application_measures') }} m on l.application_number = m.application_number
where l.link_status = 'linked' and l.firm_id is not null
