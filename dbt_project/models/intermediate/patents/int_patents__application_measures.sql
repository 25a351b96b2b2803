-- One row per staged patent application: type, digital flags, grant and its year (the
-- publication of the grant, kind B/C for inventions), the number of distinct applicants and
-- the knowledge breadth of its classification (张杰 & 郑文平 2018, paper 002's Digtech2):
-- 1 - sum_j alpha_j^2 over the IPC main groups j of the application's IPC codes, alpha_j the
-- share of its codes in main group j (0 for a single main group; NULL without IPC codes).
with names as (
    select application_number, count(distinct applicant_name) as n_applicants
    from {{ ref('stg_patents__applicants') }}
    group by application_number
),

groups as (
    select application_number, ipc_main_group, count(*) as n_codes
    from {{ ref('stg_patents__ipc_codes') }}
    where ipc_main_group is not null
    group by application_number, ipc_main_group
),

breadth as (
    select application_number, count(*) as n_ipc_main_groups, sum(n_codes) as n_ipc_subgroup_codes,
           1 - sum((n_codes * 1.0 / total) * (n_codes * 1.0 / total)) as ipc_breadth
    from (select *, sum(n_codes) over (partition by application_number) as total from groups) g
    group by application_number
)

select
    a.application_number, a.application_year, a.application_date, a.patent_type, a.is_digital,
    a.is_digital_invention, a.is_granted,
    case when a.is_granted and a.publication_kind in ('B', 'C', 'U', 'S', 'Y') then year(a.publication_date) end
        as grant_year,
    coalesce(n.n_applicants, 0) as n_applicants, coalesce(n.n_applicants, 0) > 1 as is_coapplied,
    b.n_ipc_main_groups, b.n_ipc_subgroup_codes, b.ipc_breadth
from {{ ref('stg_patents__applications') }} a
left join names n using (application_number)
left join breadth b using (application_number)
