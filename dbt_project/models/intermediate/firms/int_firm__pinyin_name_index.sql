-- Pinyin key x province -> the firms carrying it (rule pinyin of the English platform lists):
-- every name a firm used in the survey or customs or that its linked registry enterprise
-- carries (as int_firm__name_index), with the pinyin keys of the name (int_firm__name_pinyin_keys)
-- and the province of the record that carried it. Not aggregated: a platform record links
-- when its keys meet exactly one firm in its province.
with names as (
    {{ firm_names_with_registry() }}
)
select distinct k.pinyin_key, n.province_code, n.firm_id
from names n
join {{ ref('int_firm__name_pinyin_keys') }} k using (name_key)
where n.province_code is not null
