-- The firm of every customs enterprise code:
--   survey_linked   linked to survey records (int_firm__assn_customs_survey) in some year: the
--                   survey firm (chain) of those records, so a firm whose customs code changed
--                   keeps all its codes. Linked to records of several survey firms: the one
--                   it is linked with in most years (then the latest year, then the smaller
--                   firm_id); the others are listed in int_firm__match_ambiguities
--                   (customs_code_links_several_survey_firms).
--   survey_name     never in the survey in a year it traded, but one of its names (any year)
--                   is a name key (or, in its province, a province-free core) of exactly one
--                   survey firm, in any year, and the two share a phone number (last 7
--                   digits, any years): that firm (a firm exporting in years it is below the
--                   survey threshold)
--   customs_only    otherwise a firm of its own (trade intermediaries, small exporters):
--                   firm_id = firm_id_from('customs', code)
with linked as (
    select l.firm_code, c.firm_id, count(*) as n_years, max(l.year) as last_year
    from {{ ref('int_firm__assn_customs_survey') }} l
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    group by l.firm_code, c.firm_id
),

ranked as (
    select *, row_number() over (partition by firm_code order by n_years desc, last_year desc, firm_id asc) as rk,
           count(*) over (partition by firm_code) as n_survey_firms
    from linked
),

survey_names as (
    select distinct 'name' as kind, r.name_key as key, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    where r.name_key is not null
    union all
    select distinct 'core', r.name_core || '|' || r.province_code, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    where r.name_core is not null and r.province_code is not null
),

unique_names as (
    select kind, key, min(firm_id) as firm_id from survey_names group by kind, key having count(*) = 1
),

name_hits as (
    select n.firm_code, u.firm_id
    from {{ ref('int_customs__firm_names') }} n
    join unique_names u on u.kind = 'name' and n.name_key = u.key
    union
    select n.firm_code, u.firm_id
    from {{ ref('int_customs__firm_names') }} n
    join unique_names u on u.kind = 'core' and u.key = n.name_core || '|' || n.province_code
),

-- the name is corroborated by a phone number (last 7 digits) both used, in any years
phones as (
    select distinct h.firm_code, h.firm_id
    from name_hits h
    join {{ ref('int_customs__firm_contacts') }} c on h.firm_code = c.firm_code
    join {{ ref('int_firm__survey_records') }} r on c.phone7 = r.phone7
    join {{ ref('int_firm__survey_chains') }} s on r.survey_record_id = s.survey_record_id and h.firm_id = s.firm_id
),

by_name as (
    select h.firm_code, min(h.firm_id) as firm_id, count(distinct h.firm_id) as n_firms
    from name_hits h
    join phones p on h.firm_code = p.firm_code and h.firm_id = p.firm_id
    where not exists (select 1 from linked l where l.firm_code = h.firm_code)
    group by h.firm_code
)

select
    f.firm_code,
    coalesce(r.firm_id, case when b.n_firms = 1 then b.firm_id end,
             {{ firm_id_from('customs', 'f.firm_code') }}) as firm_id,
    case when r.firm_id is not null then 'survey_linked'
         when b.n_firms = 1 then 'survey_name'
         else 'customs_only' end as assignment,
    coalesce(r.n_years, 0) as n_linked_years,
    coalesce(r.n_survey_firms, b.n_firms, 0) as n_survey_firms
from {{ ref('int_customs__firms') }} f
left join ranked r on f.firm_code = r.firm_code and r.rk = 1
left join by_name b on f.firm_code = b.firm_code
