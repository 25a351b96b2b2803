-- English name key (firm_name_key of the English name) -> firm, from the foreign-trade operator
-- filings linked to firms: the bridge from the cross-border platforms' English member names
-- (alibaba.com, made-in-china.com) to firms (paper 004). A key filed for several firms
-- identifies none (firm_id NULL, n_firms > 1).
with keyed as (
    select distinct english_key, firm_id
    from {{ ref('int_firm__assn_trade_operator_firm') }}
    where decision = 'linked' and english_key is not null
)
select english_key, count(*) as n_firms, case when count(*) = 1 then min(firm_id) end as firm_id
from keyed
group by english_key
