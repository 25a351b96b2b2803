-- The nodes of paper 002's co-applicant network (§3.9, Table 13): every applicant of a digital
-- invention application with more than one applicant, one row per application x node. A firm
-- of the warehouse is its firm_id; any other applicant (university, institute, person, firm
-- outside the warehouse) is a pseudonymous key of its normalised name, so names stay here.
select distinct
    l.application_number, m.application_year as year,
    coalesce(case when l.link_status = 'linked' then l.firm_id end, 'applicant:' || md5(l.name_key)) as node,
    case when l.link_status = 'linked' then 'firm' else l.applicant_class end as node_kind
from {{ ref('int_firm__assn_patent_applicant') }} l
join {{ ref('int_patents__application_measures') }} m on l.application_number = m.application_number
where m.is_digital_invention and m.n_applicants > 1 and l.name_key is not null
