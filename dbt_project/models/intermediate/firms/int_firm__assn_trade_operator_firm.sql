-- Foreign-trade operator filings (对外贸易经营者备案) linked to firms: rules in order
--   organization_code  the filing's organisation code = a legal-person code of the firm's
--                      survey records (one firm only)
--   name               the Chinese name as filed = a name key of one firm (int_firm__name_index)
--   name_core          the same without a province in front, in the province the name or the
--                      filed address opens with (one firm only)
-- A firm may have several filings. The linked filings' English names are the bridge from
-- the cross-border platforms' English member names to firms (int_firm__assn_web_*).
with op as (
    select filing_number, filing_date, {{ legal_code_key('organization_code') }} as organization_code,
           english_name, name_key,
           {{ firm_name_core('name_key') }} || '|'
               || coalesce({{ province_code_of_prefix('name_key') }}, {{ province_code_of_prefix('address') }})
               as core_province_key
    from (select *, {{ firm_name_key('firm_name_raw') }} as name_key
          from {{ ref('stg_registry__trade_operators') }}) o
),

codes as (
    select distinct r.legal_code_key, c.firm_id
    from {{ ref('int_firm__survey_records') }} r
    join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
    where r.legal_code_key is not null
),

cands as (
    select distinct o.filing_number as left_id, c.firm_id as right_id, 'organization_code' as rule, 1 as stage
    from op o join codes c on o.organization_code = c.legal_code_key
    union all
    select o.filing_number, i.firm_id, 'name', 2
    from op o join {{ ref('int_firm__name_index') }} i
        on i.key_kind = 'name' and o.name_key = i.key and i.firm_id is not null
    union all
    select o.filing_number, i.firm_id, 'name_core', 3
    from op o join {{ ref('int_firm__name_index') }} i
        on i.key_kind = 'name_core_province' and o.core_province_key = i.key and i.firm_id is not null
),
{{ sequential_unique_links('cands', 3, 'decided', unique_right=false) }}
select d.left_id as filing_number, d.right_id as firm_id, d.rule as match_rule, d.stage as rule_stage,
       d.n_right_candidates, d.decision, o.filing_date, o.english_name,
       {{ firm_name_key('o.english_name') }} as english_key
from decided d
join op o on d.left_id = o.filing_number
where d.decision <> 'superseded'
