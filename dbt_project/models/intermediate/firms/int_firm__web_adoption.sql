-- Trade-digitisation adoption year per firm and channel (paper 004, Table 1):
--   pit  cross-border platform: the earlier member-since year of alibaba.com and
--        made-in-china.com
--   pdo  domestic platform: the 1688 诚信通 member-since year
--   icp  own homepage: the year of the earlier of the first ICP filing date and the WHOIS
--        creation date of the filed domains
-- One row per firm and channel it adopted (linked list rows only), with the list rows behind it.
with rows as (
    select firm_id, 'pit' as channel, member_since_year as adoption_year, 'alibaba_com' as list_name
    from {{ ref('int_firm__assn_web_alibaba') }} where link_status = 'linked'
    union all
    select firm_id, 'pit', member_since_year, 'made_in_china'
    from {{ ref('int_firm__assn_web_made_in_china') }} where link_status = 'linked'
    union all
    select firm_id, 'pdo', member_since_year, '1688'
    from {{ ref('int_firm__assn_web_1688') }} where link_status = 'linked'
    union all
    select firm_id, 'icp', cast(extract(year from homepage_start_date) as integer), 'icp'
    from {{ ref('int_firm__assn_web_icp') }} where link_status = 'linked'
)
select
    firm_id, channel, min(adoption_year) as adoption_year, count(*) as n_list_rows,
    min(case when list_name = 'alibaba_com' then adoption_year end) as alibaba_com_year,
    min(case when list_name = 'made_in_china' then adoption_year end) as made_in_china_year
from rows
where adoption_year is not null
group by firm_id, channel
