-- Every name key a firm used in the survey and in customs, by year: the names the registry and
-- the name lists (patents, web) are matched against. One row per firm x source x year x key.
select distinct c.firm_id, 'survey' as name_source, r.year, r.name_key, r.name_core, r.province_code
from {{ ref('int_firm__survey_records') }} r
join {{ ref('int_firm__survey_chains') }} c using (survey_record_id)
where r.name_key is not null
union all
select distinct f.firm_id, 'customs', n.year, n.name_key, n.name_core, n.province_code
from {{ ref('int_customs__firm_names') }} n
join {{ ref('int_firm__customs_firm_ids') }} f using (firm_code)
