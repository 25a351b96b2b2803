-- The firm of every customs enterprise code. A code linked to survey records (in any year)
-- belongs to the survey firm (chain) of those records, so a firm whose customs code changed
-- keeps all its codes; a code linked to records of several survey firms goes to the one it is
-- linked with in most years (then the latest year, then the smaller firm_id), and the others
-- are listed in int_firm__match_ambiguities (customs_code_links_several_survey_firms). A code
-- never linked is a firm of its own (customs only: trade intermediaries, small exporters):
-- firm_id = firm_id_from('customs', code).
with linked as (
    select l.firm_code, c.firm_id, count(*) as n_years, max(l.year) as last_year
    from {{ ref('int_firm__assn_customs_survey') }} l
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    group by l.firm_code, c.firm_id
),

ranked as (
    select *, row_number() over (partition by firm_code order by n_years desc, last_year desc, firm_id) as rk,
           count(*) over (partition by firm_code) as n_survey_firms
    from linked
)

select
    f.firm_code,
    coalesce(r.firm_id, {{ firm_id_from('customs', 'f.firm_code') }}) as firm_id,
    case when r.firm_id is null then 'customs_only' else 'survey_linked' end as assignment,
    coalesce(r.n_years, 0) as n_linked_years,
    coalesce(r.n_survey_firms, 0) as n_survey_firms
from {{ ref('int_customs__firms') }} f
left join ranked r on r.firm_code = f.firm_code and r.rk = 1
