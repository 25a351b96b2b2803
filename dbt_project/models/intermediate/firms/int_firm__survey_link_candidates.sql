-- Candidate links between survey records of years t and t + gap, one row per pair and rule,
-- in the order the rules are applied (var asif_link_rules; Brandt, Van Biesebroeck and Zhang
-- 2012). Every rule links gaps of 1 .. var asif_link_max_gap years; the rules of var
-- asif_link_long_gap_rules also link longer gaps, up to var asif_link_max_long_gap (a firm out
-- of the survey for a few years keeps its legal code and name):
--   legal_code                legal-person (organisation) code
--   name                      name key (firm_name_key), when the two records' county or phone
--                             agree (or one is unknown): one name in two places with two
--                             phones is two firms
--   registry_name             two name keys of one registry enterprise (current / former /
--                             dated name change), i.e. a recorded rename
--   phone                     last 7 phone digits + postal code, area codes not disagreeing
--   founding_county_industry  founding year + county + CIC (harmonised to GB/T 4754-2002),
--                             when the two records' phones do not disagree (a weak key may
--                             not link records a telephone number tells apart)
-- stage counts (gap, rule) in that order: every rule is tried on adjacent years before any rule
-- on a two-year gap, and so on. Phone and founding-county-industry keys shared by
-- more than var firm_key_max_group records of a year are not identifying and are left out.
{%- set stages = survey_link_stages() %}
{%- set max_group = var('firm_key_max_group') %}
with r as (
    select survey_record_id, year, legal_code_key, name_key, phone7, phone_area, zip,
           founding_year, county_code, cic_adj,
           case when count(*) over (partition by year, phone7, zip) <= {{ max_group }}
                then zip end as zip_ok,
           case when count(*) over (partition by year, founding_year, county_code, cic_adj) <= {{ max_group }}
                then county_code end as county_ok
    from {{ ref('int_firm__survey_records') }}
),

reg as (
    select name_key, enterprise_key from {{ ref('int_firm__registry_names') }} where n_enterprises = 1
),

{%- set short = stages | selectattr('gap', 'le', var('asif_link_max_gap')) | list %}
{%- set long_rules = var('asif_link_long_gap_rules') %}
{%- for rule in long_rules %}{% if rule not in ['legal_code', 'name'] %}
{{ exceptions.raise_compiler_error("asif_link_long_gap_rules may hold legal_code and name only, got " ~ rule) }}
{%- endif %}{% endfor %}
-- longer gaps: each record and the records of the NEXT year its key appears in
{%- for rule in long_rules %}
{%- set key = 'legal_code_key' if rule == 'legal_code' else 'name_key' %}
next_{{ rule }} as (
    select {{ key }} as k, year, lead(year) over (partition by {{ key }} order by year) as next_year
    from (select distinct {{ key }}, year from r where {{ key }} is not null) d
),
{%- endfor %}

pairs as (
{%- for st in short %}
    {%- set g = st.gap %}{%- set rule = st.rule %}{%- set stage = st.stage %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    {%- if rule == 'legal_code' %}
    select a.survey_record_id as left_id, b.survey_record_id as right_id,
           '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a join r b on b.year = a.year + {{ g }} and a.legal_code_key = b.legal_code_key
    {%- elif rule == 'name' %}
    select a.survey_record_id as left_id, b.survey_record_id as right_id,
           '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a join r b on b.year = a.year + {{ g }} and a.name_key = b.name_key
    where {{ survey_name_corroborated('a', 'b') }}
    {%- elif rule == 'registry_name' %}
    select distinct a.survey_record_id as left_id, b.survey_record_id as right_id,
           '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a
    join reg ra on a.name_key = ra.name_key
    join reg rb on ra.enterprise_key = rb.enterprise_key and ra.name_key <> rb.name_key
    join r b on b.year = a.year + {{ g }} and rb.name_key = b.name_key
    {%- elif rule == 'phone' %}
    select a.survey_record_id as left_id, b.survey_record_id as right_id,
           '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a join r b on b.year = a.year + {{ g }} and a.phone7 = b.phone7 and a.zip_ok = b.zip_ok
    where a.phone_area is null or b.phone_area is null or a.phone_area = b.phone_area
    {%- elif rule == 'founding_county_industry' %}
    select a.survey_record_id as left_id, b.survey_record_id as right_id,
           '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a join r b on b.year = a.year + {{ g }} and a.founding_year = b.founding_year
        and a.county_ok = b.county_ok and a.cic_adj = b.cic_adj
    where a.phone7 is null or b.phone7 is null or a.phone7 = b.phone7
    {%- else %}
    {{ exceptions.raise_compiler_error("unknown survey link rule '" ~ rule ~ "' in var asif_link_rules") }}
    {%- endif %}
{%- endfor %}
{%- for rule in long_rules %}
{%- set key = 'legal_code_key' if rule == 'legal_code' else 'name_key' %}
    union all
    select a.survey_record_id as left_id, b.survey_record_id as right_id, '{{ rule }}' as rule,
           case n.next_year - n.year
           {%- for st in stages if st.rule == rule and st.gap > var('asif_link_max_gap') %}
               when {{ st.gap }} then {{ st.stage }}
           {%- endfor %}
           end as stage, n.next_year - n.year as gap
    from r a
    join next_{{ rule }} n on a.{{ key }} = n.k and a.year = n.year
    join r b on a.{{ key }} = b.{{ key }} and n.next_year = b.year
    where n.next_year - n.year > {{ var('asif_link_max_gap') }}
      and n.next_year - n.year <= {{ var('asif_link_max_long_gap') }}
      {%- if rule == 'name' %}
      and {{ survey_name_corroborated('a', 'b') }}
      {%- endif %}
{%- endfor %}
)

select p.left_id, p.right_id, p.rule, p.stage, p.gap,
       a.year as left_year, b.year as right_year
from pairs p
join r a on p.left_id = a.survey_record_id
join r b on p.right_id = b.survey_record_id
