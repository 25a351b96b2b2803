-- ICP filings that failed (or repeat a filing of the same crawl), and unparseable lines.
select
    source_file, source_row, reason, reject_column,
    case reject_column
        when '主办单位名称' then organiser_name_raw when '网站首页网址' then homepage_url
        when '审核通过时间' then filing_date_raw when '网站备案/许可证号' then licence_number_raw
        else concat_ws(',', licence_number_raw, homepage_url)
    end as reject_value,
    organiser_name_raw, licence_number_raw, homepage_url, filing_date_raw
from {{ ref('stg_web__icp_filings_checked') }}
where reason is not null
union all by name
{{ parse_error_rejects('web_icp_filings') }}
