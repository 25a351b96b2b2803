{{ config(tags=['truth']) }}
-- Paper 004's trade-digitisation score measured against the synthetic answer key (empty for
-- real data): every exporting firm-year of panel_trade_digitization_quality whose firm_id has a
-- true firm (int_firm__truth_firm_map) gets one outcome per year:
--   equal                        dig_tr = the true 1 + pdo + 2 icp + 4 pit
--   firm_match                   the firm_id's records belong to more than one true firm
--   <channel>_rows_rejected      the true firm's list rows for the channel were all rejected in
--                                staging (e.g. a planted unparseable member-since date)
--   <channel>_rows_unlinked      the true firm's list rows for the channel are staged but none is
--                                linked to the firm (e.g. an English platform name the
--                                trade-operator registry does not carry): a match miss
--   <channel>_not_listed         the true firm adopted but no list row of the channel names it
--   <channel>_year_differs       linked, but the adoption year the rows give differs (on too early,
--                                or linked rows giving a later year)
--   <channel>_false_link         on in the warehouse for a firm that never adopted the channel
-- A firm-year takes the first differing channel in the order pit, icp, pdo. `share` is of the
-- year's exporting firm-years (year = 0: all years).
with fy as (
    select p.firm_id, p.year, p.dig_tr, p.pit, p.pdo, p.icp, m.firm_uid, m.purity
    from {{ ref('panel_trade_digitization_quality') }} p
    join {{ ref('int_firm__truth_firm_map') }} m on p.firm_id = m.firm_id
    where p.edu = 1
),

truth as (
    select f.*, t.pit_year as true_pit_year, t.pdo_year as true_pdo_year, t.icp_year as true_icp_year,
        case when t.pit_year <= f.year then 1 else 0 end as true_pit,
        case when t.pdo_year <= f.year then 1 else 0 end as true_pdo,
        case when t.icp_year <= f.year then 1 else 0 end as true_icp
    from fy f
    join {{ ref('stg_truth__firms') }} t on f.firm_uid = t.firm_uid
),

list_rows as (
    select case when l.list in ('alibaba_com_suppliers', 'made_in_china_members') then 'pit'
                when l.list = '1688_chengxintong_members' then 'pdo'
                when l.list = 'icp_beian' then 'icp' end as channel,
           l.firm_uid, l.source_file, l.source_row
    from {{ ref('stg_truth__list_records') }} l
    where l.list in ('alibaba_com_suppliers', 'made_in_china_members', '1688_chengxintong_members', 'icp_beian')
      and l.firm_uid is not null
),

links as (
    select 'pit' as channel, source_file, source_row, firm_id, link_status from {{ ref('int_firm__assn_web_alibaba') }}
    union all
    select 'pit', source_file, source_row, firm_id, link_status from {{ ref('int_firm__assn_web_made_in_china') }}
    union all
    select 'pdo', source_file, source_row, firm_id, link_status from {{ ref('int_firm__assn_web_1688') }}
    union all
    select 'icp', source_file, source_row, firm_id, link_status from {{ ref('int_firm__assn_web_icp') }}
),

row_status as (
    select r.channel, r.firm_uid,
           count(*) as n_rows,
           count(k.source_file) as n_staged,
           max(case when k.link_status = 'linked' then 1 else 0 end) as any_linked
    from list_rows r
    left join links k on r.channel = k.channel and r.source_file = k.source_file and r.source_row = k.source_row
    group by r.channel, r.firm_uid
),

classified as (
    select t.*,
        {%- for ch in ['pit', 'icp', 'pdo'] %}
        case when t.{{ ch }} = t.true_{{ ch }} then null
             when t.{{ ch }} = 1 and t.true_{{ ch }}_year is not null then '{{ ch }}_year_differs'
             when t.{{ ch }} = 1 then '{{ ch }}_false_link'
             when s_{{ ch }}.n_rows is null then '{{ ch }}_not_listed'
             when s_{{ ch }}.n_staged = 0 then '{{ ch }}_rows_rejected'
             when s_{{ ch }}.any_linked = 0 then '{{ ch }}_rows_unlinked'
             else '{{ ch }}_year_differs' end as reason_{{ ch }}{{ ',' if not loop.last }}
        {%- endfor %}
    from truth t
    {%- for ch in ['pit', 'icp', 'pdo'] %}
    left join row_status s_{{ ch }} on s_{{ ch }}.channel = '{{ ch }}' and s_{{ ch }}.firm_uid = t.firm_uid
    {%- endfor %}
),

outcomes as (
    select year,
        case when dig_tr = 1 + true_pdo + 2 * true_icp + 4 * true_pit then 'equal'
             when purity < 1 then 'firm_match'
             else coalesce(reason_pit, reason_icp, reason_pdo) end as outcome
    from classified
),

by_year as (
    select year, outcome, count(*) as n_firm_years from outcomes group by year, outcome
    union all
    select 0, outcome, count(*) from outcomes group by outcome
)

select year, outcome, n_firm_years,
       cast(n_firm_years as double) / sum(n_firm_years) over (partition by year) as share
from by_year
