-- Seed firm_name_words keyed as names are (firm_name_key), so that both sides of the pinyin
-- rule compare words in the form of the name keys: '(China) Co., Ltd.' -> CHINACOLTD.
select distinct kind, {{ firm_name_key('name_zh') }} as zh_key, {{ firm_name_key('name_en') }} as en_key
from {{ ref('firm_name_words') }}
