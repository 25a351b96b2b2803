-- One row per classification code of a staged patent (the main class first, then 分类号 in
-- its order, each code once), IPC codes in the 'A01B 1/00' form (Locarno classes of designs
-- kept apart), and the digital-economy class each IPC code matches in the seed
-- digital_economy_ipc: by prefix at the entry's level (subclass 'G06N'; main group
-- 'G06F 3/00' -> every 'G06F 3/...'; subgroup 'G05B 19/418' and its children); the most
-- specific entry wins when several match. A range entry (ipc_level 'range', as the official
-- table prints some: 'G06F 3/01-3/048') matches every subgroup of its subclass from the first
-- code to the last one and the last one's digit-extended children (macro ipc_sort_key).
with valid as (
    select application_number, application_year, patent_type, main_class_clean,
           {{ normalize_code_text('classes_raw') }} as classes_clean, source_file, source_row
    from {{ ref('stg_patents__applications_checked') }}
    where reason is null
),

listed as (
    select application_number, application_year, patent_type, source_file, source_row,
           list_prepend(main_class_clean, string_split_regex(coalesce(classes_clean, ''), '[;,]')) as codes
    from valid
),

codes as (
    select application_number, application_year, patent_type, source_file, source_row,
           unnest(codes) as class_raw, generate_subscripts(codes, 1) - 1 as position
    from listed
),

normalised as (
    select
        *,
        {{ normalize_ipc("regexp_replace(class_raw, '[(].*$', '')") }} as ipc_code,
        case when regexp_full_match(class_raw, '[0-9]{2}-[0-9]{2}') then class_raw end as locarno_class
    from codes
    where class_raw <> ''
),

ordered as (
    select
        *,
        coalesce(ipc_code, locarno_class, class_raw) as class_key,
        row_number() over (partition by application_number, coalesce(ipc_code, locarno_class, class_raw)
                           order by position) as k
    from normalised
),

entries as (
    select dig_category_code, dig_class_code, dig_subclass_code,
           ipc_code as table_ipc_code, ipc_level as table_ipc_level,
           case ipc_level when 'subclass' then ipc_code
                          when 'main_group' then split_part(ipc_code, '/', 1) || '/'
                          when 'range' then left(ipc_code, 4)
                          else ipc_code end as match_prefix,
           case when ipc_level = 'range'
                then {{ ipc_sort_key("trim(split_part(ipc_code, '-', 1))", '0') }} end as range_low,
           {%- set range_end = "trim(regexp_replace(split_part(ipc_code, '-', 2), '^[A-H][0-9]{2}[A-Z] *', ''))" %}
           case when ipc_level = 'range'
                then {{ ipc_sort_key("left(ipc_code, 4) || ' ' || " ~ range_end, '9') }}
           end as range_high
    from {{ ref('digital_economy_ipc') }}
),

matched as (
    select o.application_number, o.position, e.*,
           row_number() over (partition by o.application_number, o.position
                              order by case when e.table_ipc_level = 'range' then 7
                                            else length(e.match_prefix) end desc,
                                       e.dig_subclass_code) as rank
    from ordered o
    join entries e on left(e.match_prefix, 4) = left(o.ipc_code, 4)
        and case when e.table_ipc_level = 'range'
                 then o.ipc_code like '%/%'
                      and {{ ipc_sort_key('o.ipc_code', '0') }} between e.range_low and e.range_high
                 else starts_with(o.ipc_code, e.match_prefix) end
    where o.k = 1 and o.ipc_code is not null
)

select
    o.application_number, o.application_year, o.patent_type,
    row_number() over (partition by o.application_number order by o.position) as class_seq,
    o.position = 0 as is_main,
    case when o.ipc_code is not null then 'ipc' when o.locarno_class is not null then 'locarno' else 'unparsed' end
        as class_scheme,
    o.class_raw, o.ipc_code, left(o.ipc_code, 4) as ipc_subclass,
    case when o.ipc_code like '%/%' then split_part(o.ipc_code, '/', 1) || '/00' end as ipc_main_group,
    o.locarno_class,
    m.dig_subclass_code is not null as is_digital,
    m.dig_category_code, m.dig_class_code, m.dig_subclass_code, m.table_ipc_code as dig_table_ipc_code,
    m.table_ipc_level as dig_table_ipc_level,
    o.source_file, o.source_row
from ordered o
left join matched m
  on o.application_number = m.application_number and o.position = m.position and m.rank = 1
where o.k = 1
