-- Listed firms' disclosed customers and suppliers linked to the warehouse's firms: both the
-- listed firm (公司名称) and the partner (名称) go through the matching layer's name rules
-- (macro link_names_to_firms: the name key, then the province-free core in the province the
-- name opens with). One row per disclosure (stock code x report year x relation x rank) with
-- the supplier and client firm_ids of the pair: a customer of a listed firm is supplied by it,
-- a supplier supplies it. Anonymised partners (客户一 …) cannot be linked.
with rows_ as (
    select stock_code, year, relation, partner_rank, company_name_raw, partner_name_raw, is_anonymous,
           amount_yuan, share_pct
    from {{ ref('stg_supply_chain__top5_partners') }}
),

listed as (
    select distinct company_name_raw, {{ firm_name_key('company_name_raw') }} as name_key,
           cast(null as varchar) as province_code
    from rows_
),

partners as (
    select distinct partner_name_raw, {{ firm_name_key('partner_name_raw') }} as name_key,
           cast(null as varchar) as province_code
    from rows_
    where not is_anonymous
),

listed_linked as (
    {{ link_names_to_firms('listed') }}
),

partners_linked as (
    {{ link_names_to_firms('partners') }}
)

select
    r.stock_code, r.year, r.relation, r.partner_rank, r.is_anonymous, r.amount_yuan, r.share_pct,
    l.firm_id as listed_firm_id, l.link_status as listed_link_status,
    p.firm_id as partner_firm_id, coalesce(p.link_status, 'anonymous') as partner_link_status,
    case r.relation when 'customer' then l.firm_id else p.firm_id end as supplier_firm_id,
    case r.relation when 'customer' then p.firm_id else l.firm_id end as client_firm_id
from rows_ r
left join listed_linked l on r.company_name_raw = l.company_name_raw
left join partners_linked p on r.partner_name_raw = p.partner_name_raw and not r.is_anonymous
