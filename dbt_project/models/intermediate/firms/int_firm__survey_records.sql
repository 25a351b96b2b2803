-- One row per staged survey record (firm x year) with the keys the year-to-year links and the
-- customs match compare: legal code, name key (firm_name_key) and its province-free core,
-- last seven phone digits with area code and postal code, founding year, county and the CIC
-- code harmonised to GB/T 4754-2002 (seed cic_concordance_2002_2011). Identities stay in the
-- intermediate layer; marts see only firm_id.
with recs as (
    select
        s.*,
        cast(s.year as bigint) * 1000000000
            + row_number() over (partition by s.year order by s.source_file, s.source_row) as survey_record_id
    from {{ ref('stg_asif__firms') }} s
),

names as (
    select k, key as name_key, {{ firm_name_core('key') }} as name_core
    from (select k, {{ firm_name_key('k') }} as key from (select distinct firm_name_raw as k from recs) d)
),

-- GB/T 4754-2011 codes back to 2002: the unique 2002 code, else the smallest of several
-- (an n:1 merge; cic_adj_method says so); codes the crosswalk does not list stay as they are
back_to_2002 as (
    select cic2011, min(cic2002) as cic2002, count(distinct cic2002) as n_2002
    from {{ ref('cic_concordance_2002_2011') }}
    where cic2011 is not null
    group by cic2011
)

select
    r.survey_record_id, r.year, r.source_file, r.source_row,
    {{ legal_code_key('r.legal_code_raw') }} as legal_code_key,
    case when r.legal_code_raw is null then 'missing'
         when {{ legal_code_key('r.legal_code_raw') }} is null then 'malformed'
         else 'valid' end as legal_code_status,
    r.firm_name, n.name_key, n.name_core,
    r.province_code, r.city_code, r.county_code,
    {{ phone7('r.phone_local') }} as phone7, r.phone_area, r.zip,
    r.founding_year, r.cic_code, r.cic_version,
    case when r.cic_version = 'GB/T 4754-2002' then r.cic_code else coalesce(b.cic2002, r.cic_code) end as cic_adj,
    case when r.cic_version = 'GB/T 4754-2002' then 'native_2002'
         when b.cic2002 is null then 'not_in_crosswalk'
         when b.n_2002 > 1 then 'several_2002_codes_smallest'
         else 'crosswalk' end as cic_adj_method,
    r.registration_type, r.ownership,
    r.gross_output_k_rmb, r.sales_k_rmb, r.export_delivery_k_rmb, r.employment,
    r.fixed_assets_k_rmb, r.net_fixed_assets_avg_k_rmb, r.total_assets_k_rmb
from recs r
left join names n on r.firm_name_raw = n.k
left join back_to_2002 b on r.cic_version = 'GB/T 4754-2011' and r.cic_code = b.cic2011
