-- Pinyin-rule keys of the English platform names (alibaba.com, made-in-china.com): the name key
-- without its longest legal form (seed firm_name_words); every industry word ending the rest
-- gives one key, the part before it (place + trade name) || '|' || the word, to meet
-- int_firm__name_pinyin_keys. Members without a province (no blocking possible) get none.
with m as (
    select 'web_alibaba' as link_type, source_file, source_row, province_code,
           {{ firm_name_key('company_name_raw') }} as name_key
    from {{ ref('stg_web__alibaba_members') }}
    union all
    select 'web_made_in_china', source_file, source_row, province_code, {{ firm_name_key('company_name_raw') }}
    from {{ ref('stg_web__made_in_china_members') }}
),

words as (
    select kind, en_key from {{ ref('int_firm__name_words') }} where en_key is not null
),

stems as (
    select m.link_type, m.source_file, m.source_row, m.province_code,
           left(m.name_key, length(m.name_key) - coalesce(max(length(l.en_key)), 0)) as stem
    from m
    left join words l
        on l.kind = 'legal_form' and length(m.name_key) > length(l.en_key)
       and right(m.name_key, length(l.en_key)) = l.en_key
    where m.province_code is not null and m.name_key is not null
    group by m.link_type, m.source_file, m.source_row, m.province_code, m.name_key
)

select distinct s.link_type, s.source_file, s.source_row, s.province_code,
       left(s.stem, length(s.stem) - length(w.en_key)) || '|' || w.en_key as pinyin_key
from stems s
join words w
    on w.kind = 'industry' and length(s.stem) > length(w.en_key)
   and right(s.stem, length(w.en_key)) = w.en_key
