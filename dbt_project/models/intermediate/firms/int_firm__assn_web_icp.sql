-- MIIT ICP filings -> firms by the organiser's Chinese name (the name on the filing date: a
-- former name for firms renamed since, which the name index carries) through
-- int_firm__name_index (province from the filing number's abbreviation 浙ICP备...).
-- Organisers filed as persons (主办单位性质 个人) are not firms (link_status non_firm). The
-- WHOIS creation date of the filed domain is attached; homepage_start_date = the earlier of
-- the filing date and the creation date (paper 004). One row per staged filing.
with f as (
    select i.source_file, i.source_row, i.crawl_year, i.organiser_name_raw, i.organiser_type,
           i.licence_number, i.site_seq, i.domain, i.filing_date,
           {{ firm_name_key('i.organiser_name_raw') }} as name_key,
           {{ province_code_of_abbr('i.licence_province_abbr') }} as province_code,
           w.creation_date as whois_creation_date
    from {{ ref('stg_web__icp_filings') }} i
    left join {{ ref('stg_web__whois_domains') }} w on i.domain = w.domain and w.lookup_status = 'found'
),
linked as (
    {{ link_names_to_firms('f') }}
)
select source_file, source_row, crawl_year, organiser_name_raw, organiser_type, name_key,
       province_code, licence_number, site_seq, domain, filing_date, whois_creation_date,
       case when whois_creation_date < filing_date then whois_creation_date else filing_date end
           as homepage_start_date,
       case when organiser_type = '个人' and link_status <> 'linked' then null else firm_id end as firm_id,
       match_rule,
       case when organiser_type = '个人' and link_status <> 'linked' then 'non_firm' else link_status end as link_status,
       n_candidate_firms
from linked
