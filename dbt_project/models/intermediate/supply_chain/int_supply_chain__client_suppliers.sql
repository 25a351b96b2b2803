-- Paper 002's supply-chain spillover input (Table 13 column 3): per client firm and year, its
-- linked suppliers (disclosed by the client as a supplier or by the supplier as a customer, in
-- that year's report) and their digital invention applications of the year, summed:
-- digtech_supplier = ln(1 + sum) (the paper's ln of the supplier's applications; +1 because
-- suppliers without applications that year stay in the sample).
with pairs as (
    select distinct year, supplier_firm_id, client_firm_id
    from {{ ref('int_supply_chain__links') }}
    where supplier_firm_id is not null and client_firm_id is not null and supplier_firm_id <> client_firm_id
)

select
    p.client_firm_id as firm_id, p.year,
    count(*) as n_suppliers,
    sum(coalesce(i.n_digital_invention_applications, 0)) as supplier_digital_applications,
    ln(1 + sum(coalesce(i.n_digital_invention_applications, 0))) as digtech_supplier
from pairs p
left join {{ ref('idx_firm_patents') }} i on p.supplier_firm_id = i.firm_id and p.year = i.year
group by p.client_firm_id, p.year
