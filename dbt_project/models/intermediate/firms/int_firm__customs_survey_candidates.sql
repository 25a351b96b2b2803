-- Candidate links between a customs firm in a year (enterprise code x year) and a survey
-- record of the same year, one row per pair and rule, rules in the order applied (var
-- firm_customs_survey_rules; Yu 2015, Upward, Wang and Zheng 2013):
--   name                  a name key the code used that year = the survey record's name key
--   name_province_prefix  the same name once a province written in front of either is dropped
--                         (firm_name_core), both in the same province
--   registry_name         both name keys belong to one registry enterprise (current, former or
--                         dated names): a rename one source had not caught up with
--   phone_zip             last 7 phone digits + postal code
--   phone_area            last 7 phone digits + area code (not in the default list)
-- left_id = '<enterprise code>|<year>', right_id = survey_record_id.
{%- set rules = var('firm_customs_survey_rules') %}
{%- set max_group = var('firm_key_max_group') %}
with s as (
    select survey_record_id, year, name_key, name_core, province_code, phone7, phone_area, zip
    from {{ ref('int_firm__survey_records') }}
),

cn as (
    select firm_code, year, name_key, name_core, province_code
    from {{ ref('int_customs__firm_names') }}
),

cc as (
    select firm_code, year, phone7, phone_area, zip from {{ ref('int_customs__firm_contacts') }}
),

-- phone keys shared by more than firm_key_max_group units of a year identify nobody
s_phone as (
    select survey_record_id, year, phone7,
           case when count(*) over (partition by year, phone7, zip) <= {{ max_group }} then zip end as zip,
           case when count(*) over (partition by year, phone7, phone_area) <= {{ max_group }} then phone_area end
               as phone_area
    from s where phone7 is not null
),
c_zip_groups as (
    select year, phone7, zip, count(distinct firm_code) as n from cc group by year, phone7, zip
),
c_area_groups as (
    select year, phone7, phone_area, count(distinct firm_code) as n from cc group by year, phone7, phone_area
),
c_phone as (
    select distinct cc.firm_code, cc.year, cc.phone7,
           case when z.n <= {{ max_group }} then cc.zip end as zip,
           case when a.n <= {{ max_group }} then cc.phone_area end as phone_area
    from cc
    left join c_zip_groups z on cc.year = z.year and cc.phone7 = z.phone7 and cc.zip = z.zip
    left join c_area_groups a on cc.year = a.year and cc.phone7 = a.phone7 and cc.phone_area = a.phone_area
),

reg as (
    select name_key, enterprise_key from {{ ref('int_firm__registry_names') }} where n_enterprises = 1
),

pairs as (
{%- for rule in rules %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    {%- if rule == 'name' %}
    select distinct cn.firm_code, cn.year, s.survey_record_id, '{{ rule }}' as rule, {{ loop.index }} as stage
    from cn join s on cn.year = s.year and cn.name_key = s.name_key
    {%- elif rule == 'name_province_prefix' %}
    select distinct cn.firm_code, cn.year, s.survey_record_id, '{{ rule }}', {{ loop.index }}
    from cn join s on cn.year = s.year and cn.name_core = s.name_core and cn.province_code = s.province_code
    where s.name_key <> cn.name_key
    {%- elif rule == 'registry_name' %}
    select distinct cn.firm_code, cn.year, s.survey_record_id, '{{ rule }}', {{ loop.index }}
    from cn
    join reg rc on cn.name_key = rc.name_key
    join reg rs on rc.enterprise_key = rs.enterprise_key and rc.name_key <> rs.name_key
    join s on cn.year = s.year and rs.name_key = s.name_key
    {%- elif rule == 'phone_zip' %}
    select distinct c.firm_code, c.year, s.survey_record_id, '{{ rule }}', {{ loop.index }}
    from c_phone c join s_phone s on c.year = s.year and c.phone7 = s.phone7 and c.zip = s.zip
    {%- elif rule == 'phone_area' %}
    select distinct c.firm_code, c.year, s.survey_record_id, '{{ rule }}', {{ loop.index }}
    from c_phone c join s_phone s on s.year = c.year and s.phone7 = c.phone7 and s.phone_area = c.phone_area
    {%- else %}
    {{ exceptions.raise_compiler_error("unknown customs-survey rule '" ~ rule ~ "' in var firm_customs_survey_rules") }}
    {%- endif %}
{%- endfor %}
)

select
    firm_code || '|' || cast(year as varchar) as left_id, survey_record_id as right_id,
    firm_code, year, rule, stage
from pairs
