-- Candidate links between survey records of years t and t + gap (gap = 1 .. var
-- asif_link_max_gap), one row per pair and rule, in the order the rules are applied
-- (var asif_link_rules; Brandt, Van Biesebroeck and Zhang 2012):
--   legal_code                legal-person (organisation) code
--   name                      name key (firm_name_key)
--   registry_name             two name keys of one registry enterprise (current / former /
--                             dated name change), i.e. a recorded rename
--   phone                     last 7 phone digits + area code, or + postal code
--   founding_county_industry  founding year + county + CIC (harmonised to GB/T 4754-2002)
-- stage = (gap - 1) x number of rules + the rule's position: every rule is tried on adjacent
-- years before any rule on a two-year gap. Phone and founding-county-industry keys shared by
-- more than var firm_key_max_group records of a year are not identifying and are left out.
{%- set rules = var('asif_link_rules') %}
{%- set max_gap = var('asif_link_max_gap') %}
{%- set max_group = var('firm_key_max_group') %}
with r as (
    select survey_record_id, year, legal_code_key, name_key, phone7, phone_area, zip,
           founding_year, county_code, cic_adj,
           case when count(*) over (partition by year, phone7, phone_area) <= {{ max_group }}
                then phone_area end as phone_area_ok,
           case when count(*) over (partition by year, phone7, zip) <= {{ max_group }}
                then zip end as zip_ok,
           case when count(*) over (partition by year, founding_year, county_code, cic_adj) <= {{ max_group }}
                then county_code end as county_ok
    from {{ ref('int_firm__survey_records') }}
),

reg as (
    select name_key, enterprise_key from {{ ref('int_firm__registry_names') }} where n_enterprises = 1
),

pairs as (
{%- for g in range(1, max_gap + 1) %}
{%- set outer = loop %}
{%- for rule in rules %}
    {%- set stage = (g - 1) * (rules | length) + loop.index %}
    {%- if not (outer.first and loop.first) %}
    union all
    {%- endif %}
    {%- if rule == 'legal_code' %}
    select a.survey_record_id as left_id, b.survey_record_id as right_id, '{{ rule }}' as rule, {{ stage }} as stage, {{ g }} as gap
    from r a join r b on b.year = a.year + {{ g }} and b.legal_code_key = a.legal_code_key
    {%- elif rule == 'name' %}
    select a.survey_record_id, b.survey_record_id, '{{ rule }}', {{ stage }}, {{ g }}
    from r a join r b on b.year = a.year + {{ g }} and b.name_key = a.name_key
    {%- elif rule == 'registry_name' %}
    select distinct a.survey_record_id, b.survey_record_id, '{{ rule }}', {{ stage }}, {{ g }}
    from r a
    join reg ra on ra.name_key = a.name_key
    join reg rb on rb.enterprise_key = ra.enterprise_key and rb.name_key <> ra.name_key
    join r b on b.year = a.year + {{ g }} and b.name_key = rb.name_key
    {%- elif rule == 'phone' %}
    select distinct * from (
        select a.survey_record_id, b.survey_record_id, '{{ rule }}', {{ stage }}, {{ g }}
        from r a join r b on b.year = a.year + {{ g }} and b.phone7 = a.phone7 and b.phone_area_ok = a.phone_area_ok
        union all
        select a.survey_record_id, b.survey_record_id, '{{ rule }}', {{ stage }}, {{ g }}
        from r a join r b on b.year = a.year + {{ g }} and b.phone7 = a.phone7 and b.zip_ok = a.zip_ok
    )
    {%- elif rule == 'founding_county_industry' %}
    select a.survey_record_id, b.survey_record_id, '{{ rule }}', {{ stage }}, {{ g }}
    from r a join r b on b.year = a.year + {{ g }} and b.founding_year = a.founding_year
        and b.county_ok = a.county_ok and b.cic_adj = a.cic_adj
    {%- else %}
    {{ exceptions.raise_compiler_error("unknown survey link rule '" ~ rule ~ "' in var asif_link_rules") }}
    {%- endif %}
{%- endfor %}
{%- endfor %}
)

select p.left_id, p.right_id, p.rule, p.stage, p.gap,
       a.year as left_year, b.year as right_year
from pairs p
join r a on a.survey_record_id = p.left_id
join r b on b.survey_record_id = p.right_id
